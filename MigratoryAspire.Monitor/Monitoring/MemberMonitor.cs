using MigratoryAspire.Cluster;
using Microsoft.Extensions.Logging;
using MigratoryAspire.Monitor.Configuration;
using MigratoryAspire.Monitor.Export;
using MigratoryAspire.Monitor.Scraping;

namespace MigratoryAspire.Monitor.Monitoring;

/// <summary>
/// Watches one member: each cycle probes its client port and scrapes its metrics page at the same time, reports the result
/// through the member's telemetry, and logs only changes (up/down, a page with rejected lines), never the same news twice.
/// </summary>
internal sealed class MemberMonitor : IDisposable
{
    private readonly MemberTarget _target;
    private readonly MonitorOptions _options;
    private readonly MetricsScraper _scraper;
    private readonly ILogger _logger;
    private readonly Uri _scrapeUri;
    private readonly string _host;
    private readonly int _port;
    private readonly HashSet<string> _reportedConflicts = new(StringComparer.Ordinal);
    private bool? _wasUp;
    private bool? _wasExpected;
    private bool _hadRejectedLines;

    /// <summary>Creates the monitor of one member.</summary>
    /// <param name="target">The member (validated options).</param>
    /// <param name="options">The monitor settings: credentials and timeouts.</param>
    /// <param name="scraper">The shared scraper.</param>
    /// <param name="telemetry">The member's telemetry output; disposed with this monitor.</param>
    /// <param name="logger">Where transitions are logged.</param>
    public MemberMonitor(MemberTarget target, MonitorOptions options, MetricsScraper scraper, MemberTelemetry telemetry, ILogger logger)
    {
        _target = target;
        _options = options;
        _scraper = scraper;
        Telemetry = telemetry;
        _logger = logger;
        _scrapeUri = MetricsScraper.ScrapeUri(target.MetricsUrl, options.Username, options.Password);
        if (!ClientAddress.TryParse(target.ClientAddress, out _host, out _port))
        {
            throw new ArgumentException($"Member '{target.Name}': client address '{target.ClientAddress}' is not host:port.", nameof(target));
        }
    }

    /// <summary>The member's resource name.</summary>
    public string Name => _target.Name;

    /// <summary>The member's ordinal.</summary>
    public int Ordinal => _target.Ordinal;

    /// <summary>The member's telemetry output.</summary>
    public MemberTelemetry Telemetry { get; }

    /// <summary>Whether the last cycle found the member up; null before the first cycle.</summary>
    public bool? IsUp => _wasUp;

    /// <summary>Probes and scrapes once. Never throws for the member's sake; only <paramref name="cancellationToken"/> stops it.</summary>
    /// <param name="cancellationToken">Stops the cycle when the monitor shuts down.</param>
    /// <param name="expected">Whether the member is meant to run (among the desired replicas). One that is not and is
    /// not up is absent, not down, and is logged only at Debug.</param>
    public async Task<MemberObservation> RunCycleAsync(CancellationToken cancellationToken, bool expected = true)
    {
        var probeTask = ClientPortProbe.ProbeAsync(_host, _port, _options.ProbeTimeout, cancellationToken);
        var scrapeTask = _scraper.ScrapeAsync(_scrapeUri, cancellationToken);
        var probe = await probeTask.ConfigureAwait(false);
        var scrape = await scrapeTask.ConfigureAwait(false);
        var observation = new MemberObservation(Name, Ordinal, probe, scrape);

        if (scrape.Scrape is { } page)
        {
            var mapped = PrometheusMetricMapper.Map(page);
            var changedKind = Telemetry.Publish(mapped);
            ReportConflicts(mapped.Conflicts.Concat(changedKind));
        }
        else
        {
            Telemetry.Withdraw();
        }

        Telemetry.RecordCycle(observation.Up, probe.Up ? probe.Latency.TotalSeconds : null, scrape.Duration.TotalSeconds,
            scrape.Succeeded, scrape.Scrape?.RejectedLines ?? 0);
        LogTransitions(observation, expected);
        return observation;
    }

    private void LogTransitions(MemberObservation observation, bool expected)
    {
        if (observation.Up != _wasUp || (!observation.Up && expected != _wasExpected))
        {
            if (observation.Up)
            {
                _logger.LogInformation("Member {Member} is up: client port connects in {ConnectMs:0.#} ms, {Series} series scraped",
                    Name, observation.Probe.Latency.TotalMilliseconds, observation.Scrape.Scrape!.SampleCount);
            }
            else if (!expected)
            {
                // Not started, scaled away: absent, not failed.
                _logger.LogDebug("Member {Member} is not running and not meant to (beyond the desired replicas): {Reason}", Name, observation.DownReason);
            }
            else
            {
                _logger.LogWarning("Member {Member} is down: {Reason}", Name, observation.DownReason);
            }

            _wasUp = observation.Up;
            _wasExpected = expected;
        }

        var rejected = observation.Scrape.Scrape?.RejectedLines ?? 0;
        if (rejected > 0 && !_hadRejectedLines)
        {
            _logger.LogWarning("Member {Member}'s metrics page has {Rejected} malformed lines, which are skipped; first {Error}",
                Name, rejected, observation.Scrape.Scrape!.Errors[0]);
            _hadRejectedLines = true;
        }
        else if (rejected == 0 && _hadRejectedLines && observation.Scrape.Succeeded)
        {
            _logger.LogInformation("Member {Member}'s metrics page parses cleanly again", Name);
            _hadRejectedLines = false;
        }
    }

    private void ReportConflicts(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (_reportedConflicts.Add(name))
            {
                _logger.LogWarning("Member {Member}: metric {Metric} changed type between or within scrapes; its other-type samples are skipped",
                    Name, name);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => Telemetry.Dispose();
}
