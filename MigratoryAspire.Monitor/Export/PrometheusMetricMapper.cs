using System.Diagnostics.Metrics;
using MigratoryAspire.Monitor.Prometheus;

namespace MigratoryAspire.Monitor.Export;

/// <summary>
/// Decides how each Prometheus sample is reported in OpenTelemetry. Every sample name becomes an instrument of that name,
/// and every label a tag:
/// <list type="table">
/// <listheader><term>Prometheus</term><description>OpenTelemetry</description></listheader>
/// <item><term>counter <c>x</c> / <c>x_total</c></term><description>observable counter (cumulative, monotonic)</description></item>
/// <item><term>gauge, untyped</term><description>observable gauge</description></item>
/// <item><term>histogram <c>x_bucket{le}</c></term><description>observable counter per bucket, tag <c>le</c> (cumulative counts, as in Prometheus)</description></item>
/// <item><term>histogram/summary <c>x_count</c></term><description>observable counter</description></item>
/// <item><term>histogram/summary <c>x_sum</c></term><description>observable up-down counter (observations may be negative)</description></item>
/// <item><term>summary <c>x{quantile}</c></term><description>observable gauge, tag <c>quantile</c></description></item>
/// </list>
/// </summary>
/// <remarks>
/// .NET's observable instruments cannot report a histogram data point, and recording synthetic observations into a real
/// histogram would invent a sum and distort the buckets. So a histogram travels as the series Prometheus itself stores,
/// which keep every bucket boundary and count exactly and are queried the same way (e.g. <c>histogram_quantile</c>).
/// </remarks>
internal static class PrometheusMetricMapper
{
    /// <summary>Maps every sample of a scrape.</summary>
    /// <param name="scrape">The parsed page.</param>
    public static MappedScrape Map(PrometheusScrape scrape)
    {
        ArgumentNullException.ThrowIfNull(scrape);
        var builders = new Dictionary<string, (InstrumentKind Kind, string? Help, List<Measurement<double>> Points)>(StringComparer.Ordinal);
        var conflicts = new List<string>();
        foreach (var family in scrape.Families)
        {
            foreach (var sample in family.Samples)
            {
                var kind = KindOf(family, sample.Name);
                if (!builders.TryGetValue(sample.Name, out var builder))
                {
                    builder = (kind, family.Help, new List<Measurement<double>>());
                    builders.Add(sample.Name, builder);
                }
                else if (builder.Kind != kind)
                {
                    conflicts.Add(sample.Name);
                    continue;
                }

                builder.Points.Add(new Measurement<double>(sample.Value, Tags(sample.Labels)));
            }
        }

        var instruments = builders.ToDictionary(
            b => b.Key,
            b => new MappedInstrument(b.Key, b.Value.Kind, b.Value.Help, b.Value.Points.ToArray()),
            StringComparer.Ordinal);
        return new MappedScrape(instruments, conflicts.Distinct().ToArray());
    }

    /// <summary>The instrument kind for a sample of a family.</summary>
    /// <param name="family">The sample's family.</param>
    /// <param name="sampleName">The sample's name.</param>
    public static InstrumentKind KindOf(PrometheusMetricFamily family, string sampleName)
    {
        ArgumentNullException.ThrowIfNull(family);
        return family.Type switch
        {
            PrometheusMetricType.Counter => InstrumentKind.Counter,
            PrometheusMetricType.Histogram or PrometheusMetricType.Summary when sampleName.EndsWith("_sum", StringComparison.Ordinal)
                && sampleName.Length == family.Name.Length + 4 => InstrumentKind.UpDownCounter,
            PrometheusMetricType.Histogram => InstrumentKind.Counter, // _bucket and _count
            PrometheusMetricType.Summary when sampleName == family.Name => InstrumentKind.Gauge, // the quantiles
            PrometheusMetricType.Summary => InstrumentKind.Counter, // _count
            _ => InstrumentKind.Gauge,
        };
    }

    private static KeyValuePair<string, object?>[] Tags(IReadOnlyList<PrometheusLabel> labels)
    {
        if (labels.Count == 0)
        {
            return [];
        }

        var tags = new KeyValuePair<string, object?>[labels.Count];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = new KeyValuePair<string, object?>(labels[i].Name, labels[i].Value);
        }

        return tags;
    }
}
