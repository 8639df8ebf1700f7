namespace MigratoryAspire.Monitor.Prometheus;

/// <summary>One label of a sample, unescaped.</summary>
/// <param name="Name">The label name.</param>
/// <param name="Value">The label value, with <c>\\</c>, <c>\"</c> and <c>\n</c> already turned into the characters they stand for.</param>
internal readonly record struct PrometheusLabel(string Name, string Value);

/// <summary>One sample line of a scrape.</summary>
/// <param name="Name">The sample's metric name as written, e.g. <c>requests_bucket</c> for a bucket of histogram <c>requests</c>.</param>
/// <param name="Labels">The labels in the order they were written.</param>
/// <param name="Value">The value; may be positive or negative infinity or NaN.</param>
/// <param name="TimestampMs">The optional timestamp, in milliseconds since the Unix epoch.</param>
internal sealed record PrometheusSample(string Name, IReadOnlyList<PrometheusLabel> Labels, double Value, long? TimestampMs)
{
    /// <summary>The value of the label with the given name, or null when the sample has no such label.</summary>
    public string? Label(string name)
    {
        foreach (var label in Labels)
        {
            if (label.Name == name)
            {
                return label.Value;
            }
        }

        return null;
    }
}
