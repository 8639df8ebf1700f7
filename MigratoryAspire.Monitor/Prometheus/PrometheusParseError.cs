namespace MigratoryAspire.Monitor.Prometheus;

/// <summary>A line the parser rejected; the lines around it are still parsed.</summary>
/// <param name="LineNumber">The 1-based line number.</param>
/// <param name="Reason">Why the line was rejected, e.g. <c>expected '=' after label name "code"</c>.</param>
/// <param name="Line">The line (cut to 200 characters), for the log.</param>
internal sealed record PrometheusParseError(int LineNumber, string Reason, string Line)
{
    /// <inheritdoc />
    public override string ToString() => $"line {LineNumber}: {Reason}";
}
