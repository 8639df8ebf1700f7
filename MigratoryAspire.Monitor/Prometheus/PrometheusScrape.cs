namespace MigratoryAspire.Monitor.Prometheus;

/// <summary>The result of parsing one scrape: every family that parsed and every line that did not.</summary>
/// <param name="Families">The metric families, in the order they first appeared.</param>
/// <param name="Errors">The rejected lines, at most <see cref="PrometheusTextParser.MaxReportedErrors"/> of them.</param>
/// <param name="RejectedLines">How many lines were rejected in all (may exceed <c>Errors.Count</c>).</param>
internal sealed record PrometheusScrape(
    IReadOnlyList<PrometheusMetricFamily> Families,
    IReadOnlyList<PrometheusParseError> Errors,
    int RejectedLines)
{
    /// <summary>The number of samples over all families.</summary>
    public int SampleCount => Families.Sum(f => f.Samples.Count);

    /// <summary>The family with the given name, or null.</summary>
    public PrometheusMetricFamily? Family(string name) => Families.FirstOrDefault(f => f.Name == name);
}
