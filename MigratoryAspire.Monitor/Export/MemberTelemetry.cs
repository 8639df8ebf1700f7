using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MigratoryAspire.Monitor.Export;

/// <summary>
/// The OpenTelemetry output of one member: its re-exported Prometheus series and the monitor's view of it (up, connect
/// latency, scrape results), both sent with the member as the telemetry resource.
/// </summary>
/// <remarks>
/// <para>The resource is <c>service.name</c> = the member's resource name and <c>service.instance.id</c> = the suffix of its DCP
/// name; the Aspire dashboard links telemetry to a container only when <c>{name}-{instance id}</c> is the container's DCP name.
/// A resource belongs to a whole MeterProvider, so each member has its own providers, each keeping only its own Meter.</para>
/// <para>The series live in a provider of their own that exists only while scrapes succeed: when a member goes down it is
/// disposed, so the dashboard does not keep showing frozen values, and when the member comes back a fresh provider starts
/// new cumulative streams, as a restarted server starts its counters from zero.</para>
/// </remarks>
internal sealed class MemberTelemetry : IDisposable
{
    /// <summary>The meter of the re-exported Prometheus series.</summary>
    public const string SeriesMeterName = "MigratoryData.Server";

    /// <summary>The meter of the monitor's own measurements of the member.</summary>
    public const string StatusMeterName = "MigratoryAspire.Monitor.Member";

    private static readonly double[] ConnectBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly ResourceBuilder _resource;
    private readonly Action<MeterProviderBuilder> _configureExport;
    private readonly int _maxSeriesPerMetric;
    private readonly Meter _statusMeter;
    private readonly MeterProvider _statusProvider;
    private readonly Histogram<double> _connectDuration;
    private readonly Counter<long> _rejectedLines;
    private readonly Counter<long> _scrapeFailures;
    private readonly Dictionary<string, InstrumentKind> _instruments = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Meter? _seriesMeter;
    private MeterProvider? _seriesProvider;
    private volatile MappedScrape? _latest;
    private volatile int _up;
    private double _scrapeSeconds;
    private int _series;

    /// <summary>Creates the member's meters and its status provider.</summary>
    /// <param name="memberName">The member's resource name: <c>service.name</c>.</param>
    /// <param name="instanceId">The DCP name suffix: <c>service.instance.id</c>; none when null or empty.</param>
    /// <param name="configureExport">Adds the exporter (OTLP in the service, in-memory in tests) to each provider.</param>
    /// <param name="maxSeriesPerMetric">The cardinality limit of each re-exported metric.</param>
    public MemberTelemetry(string memberName, string? instanceId, Action<MeterProviderBuilder> configureExport, int maxSeriesPerMetric = 2000)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(memberName);
        ArgumentNullException.ThrowIfNull(configureExport);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSeriesPerMetric, 1);
        MemberName = memberName;
        _configureExport = configureExport;
        _maxSeriesPerMetric = maxSeriesPerMetric;
        // CreateEmpty, not CreateDefault: the default detectors would add the monitor's own OTEL_* identity.
        _resource = string.IsNullOrEmpty(instanceId)
            ? ResourceBuilder.CreateEmpty().AddService(memberName, autoGenerateServiceInstanceId: false)
            : ResourceBuilder.CreateEmpty().AddService(memberName, serviceInstanceId: instanceId, autoGenerateServiceInstanceId: false);

        _statusMeter = new Meter(StatusMeterName);
        _statusMeter.CreateObservableGauge("migratorydata.member.up", () => _up, "{member}",
            "1 while the member accepts connections on its client port and serves its metrics page, else 0.");
        _connectDuration = _statusMeter.CreateHistogram<double>("migratorydata.member.connect.duration", "s",
            "Time to open a TCP connection to the member's client port.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ConnectBuckets });
        _statusMeter.CreateObservableGauge("migratorydata.monitor.scrape.duration", () => Volatile.Read(ref _scrapeSeconds), "s",
            "Duration of the last scrape of the member's metrics page, parsing included.");
        _statusMeter.CreateObservableGauge("migratorydata.monitor.scrape.series", () => Volatile.Read(ref _series), "{series}",
            "Series in the last successful scrape.");
        _rejectedLines = _statusMeter.CreateCounter<long>("migratorydata.monitor.scrape.rejected_lines", "{line}",
            "Lines of the member's metrics page the parser rejected.");
        _scrapeFailures = _statusMeter.CreateCounter<long>("migratorydata.monitor.scrape.failures", "{scrape}",
            "Scrapes that failed: connection, timeout, HTTP status, size or a page of garbage.");
        _statusProvider = BuildProvider(_statusMeter, limitCardinality: false);
    }

    /// <summary>The member's resource name.</summary>
    public string MemberName { get; }

    /// <summary>Whether a provider for the re-exported series exists (the last scrape succeeded).</summary>
    public bool PublishesSeries => _seriesProvider is not null;

    /// <summary>Records one probe and one scrape, and whether the member counts as up.</summary>
    /// <param name="up">Whether the member counts as up.</param>
    /// <param name="connectSeconds">The connect latency, when the connect succeeded.</param>
    /// <param name="scrapeSeconds">The scrape duration.</param>
    /// <param name="scrapeSucceeded">Whether the scrape succeeded.</param>
    /// <param name="rejectedLines">Lines the parser rejected in this scrape.</param>
    public void RecordCycle(bool up, double? connectSeconds, double scrapeSeconds, bool scrapeSucceeded, int rejectedLines)
    {
        _up = up ? 1 : 0;
        if (connectSeconds is { } seconds)
        {
            _connectDuration.Record(seconds);
        }

        Volatile.Write(ref _scrapeSeconds, scrapeSeconds);
        if (!scrapeSucceeded)
        {
            _scrapeFailures.Add(1);
        }

        if (rejectedLines > 0)
        {
            _rejectedLines.Add(rejectedLines);
        }
    }

    /// <summary>Makes a scrape's series the ones reported, creating instruments for names not seen before.</summary>
    /// <param name="mapped">The mapped scrape.</param>
    /// <returns>Names left out because they arrived with another kind than the instrument created for them earlier.</returns>
    public IReadOnlyList<string> Publish(MappedScrape mapped)
    {
        ArgumentNullException.ThrowIfNull(mapped);
        List<string>? changedKind = null;
        lock (_gate)
        {
            _latest = mapped;
            Volatile.Write(ref _series, mapped.PointCount);
            if (_seriesProvider is null)
            {
                _seriesMeter = new Meter(SeriesMeterName);
                _seriesProvider = BuildProvider(_seriesMeter, limitCardinality: true);
            }

            foreach (var instrument in mapped.Instruments.Values)
            {
                if (_instruments.TryGetValue(instrument.Name, out var kind))
                {
                    if (kind != instrument.Kind)
                    {
                        (changedKind ??= []).Add(instrument.Name);
                    }

                    continue;
                }

                _instruments.Add(instrument.Name, instrument.Kind);
                Create(_seriesMeter!, instrument.Name, instrument.Kind, instrument.Description);
            }
        }

        return changedKind ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Stops reporting series (the member is down or its page unusable); the status metrics go on.</summary>
    public void Withdraw()
    {
        lock (_gate)
        {
            _latest = null;
            Volatile.Write(ref _series, 0);
            _seriesProvider?.Dispose();
            _seriesMeter?.Dispose();
            _seriesProvider = null;
            _seriesMeter = null;
            _instruments.Clear();
        }
    }

    /// <summary>Exports everything now (tests and the benchmark; the service relies on the export interval).</summary>
    /// <param name="timeoutMilliseconds">How long to wait for the exporters.</param>
    /// <returns>Whether every provider flushed in time.</returns>
    public bool ForceFlush(int timeoutMilliseconds = 10_000)
    {
        lock (_gate)
        {
            var series = _seriesProvider?.ForceFlush(timeoutMilliseconds) ?? true;
            return _statusProvider.ForceFlush(timeoutMilliseconds) && series;
        }
    }

    private void Create(Meter meter, string name, InstrumentKind kind, string? description)
    {
        switch (kind)
        {
            case InstrumentKind.Counter:
                meter.CreateObservableCounter(name, () => Observe(name, kind), unit: null, description);
                break;
            case InstrumentKind.UpDownCounter:
                meter.CreateObservableUpDownCounter(name, () => Observe(name, kind), unit: null, description);
                break;
            default:
                meter.CreateObservableGauge(name, () => Observe(name, kind), unit: null, description);
                break;
        }
    }

    private IEnumerable<Measurement<double>> Observe(string name, InstrumentKind kind) =>
        _latest is { } latest && latest.Instruments.TryGetValue(name, out var instrument) && instrument.Kind == kind
            ? instrument.Points
            : [];

    private MeterProvider BuildProvider(Meter meter, bool limitCardinality)
    {
        var builder = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(_resource)
            .AddMeter(meter.Name)
            // Every member's meter has the same name; keep only this member's instruments in this member's provider.
            .AddView(instrument => !ReferenceEquals(instrument.Meter, meter) ? MetricStreamConfiguration.Drop
                : limitCardinality ? new MetricStreamConfiguration { CardinalityLimit = _maxSeriesPerMetric }
                : null);
        _configureExport(builder);
        return builder.Build()!;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Withdraw();
        _statusProvider.Dispose();
        _statusMeter.Dispose();
    }
}
