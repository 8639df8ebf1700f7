namespace MigratoryAspire.Monitor.Prometheus;

/// <summary>The samples of one metric, with the type and help text its comment lines gave it.</summary>
/// <param name="Name">The family name: the name on the <c># TYPE</c> line, or the sample name of an untyped sample.</param>
/// <param name="Type">The declared type; <see cref="PrometheusMetricType.Untyped"/> when none was declared.</param>
/// <param name="Help">The unescaped <c># HELP</c> text, or null.</param>
/// <param name="Samples">The family's samples in scrape order (for a histogram: its buckets, <c>_sum</c> and <c>_count</c>).</param>
internal sealed record PrometheusMetricFamily(
    string Name,
    PrometheusMetricType Type,
    string? Help,
    IReadOnlyList<PrometheusSample> Samples);
