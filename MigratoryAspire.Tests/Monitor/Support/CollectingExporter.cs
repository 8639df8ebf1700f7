using System.Collections.Concurrent;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MigratoryAspire.Tests.Monitor.Support;

/// <summary>One exported point, copied out of the SDK's reused structures.</summary>
internal sealed record CollectedPoint(IReadOnlyDictionary<string, string?> Tags, double Value);

/// <summary>One exported metric with the resource of the provider that exported it.</summary>
internal sealed record CollectedMetric(
    string? ServiceName, string? InstanceId, string Meter, string Name, MetricType Type, AggregationTemporality Temporality,
    string? Description, string? Unit, IReadOnlyList<CollectedPoint> Points)
{
    public CollectedPoint Point(params (string Key, string Value)[] tags) =>
        Points.Single(p => tags.All(t => p.Tags.TryGetValue(t.Key, out var v) && v == t.Value) && p.Tags.Count == tags.Length);
}

/// <summary>
/// A metric exporter for tests: each provider gets its own reader (flushed by hand) and all of them write into one sink.
/// Written here rather than taken from OpenTelemetry.Exporter.InMemory because the tests need the provider's resource.
/// </summary>
internal sealed class CollectingExporter(ConcurrentQueue<CollectedMetric> sink) : BaseExporter<Metric>
{
    public static Action<MeterProviderBuilder> Into(ConcurrentQueue<CollectedMetric> sink) =>
        builder => builder.AddReader(new BaseExportingMetricReader(new CollectingExporter(sink)));

    public override ExportResult Export(in Batch<Metric> batch)
    {
        var attributes = ParentProvider?.GetResource().Attributes.ToDictionary(a => a.Key, a => a.Value?.ToString())
            ?? new Dictionary<string, string?>();
        foreach (var metric in batch)
        {
            var points = new List<CollectedPoint>();
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, string?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value?.ToString();
                }

                points.Add(new CollectedPoint(tags, ValueOf(metric.MetricType, point)));
            }

            sink.Enqueue(new CollectedMetric(
                attributes.GetValueOrDefault("service.name"), attributes.GetValueOrDefault("service.instance.id"),
                metric.MeterName, metric.Name, metric.MetricType, metric.Temporality, metric.Description, metric.Unit, points));
        }

        return ExportResult.Success;
    }

    private static double ValueOf(MetricType type, in MetricPoint point) => type switch
    {
        MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
        MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
        MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
        MetricType.LongGauge => point.GetGaugeLastValueLong(),
        MetricType.Histogram => point.GetHistogramCount(),
        _ => double.NaN,
    };
}
