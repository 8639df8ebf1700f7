namespace MigratoryAspire.Monitor.Prometheus;

/// <summary>The metric types of the Prometheus text exposition format (the <c># TYPE</c> line).</summary>
internal enum PrometheusMetricType
{
    /// <summary>No <c># TYPE</c> line, or <c>untyped</c>: a value of unknown meaning.</summary>
    Untyped,

    /// <summary>A cumulative value that only goes up (it drops to zero when the process restarts).</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Cumulative <c>_bucket</c> counts by upper bound <c>le</c>, plus <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,

    /// <summary>Quantiles (label <c>quantile</c>) over a sliding window, plus <c>_sum</c> and <c>_count</c>.</summary>
    Summary,
}
