using System.Diagnostics.Metrics;

namespace MigratoryAspire.Monitor.Export;

/// <summary>The OpenTelemetry instrument a Prometheus series is reported through.</summary>
internal enum InstrumentKind
{
    /// <summary>An observable counter: cumulative and monotonic.</summary>
    Counter,

    /// <summary>An observable up-down counter: cumulative, may go down.</summary>
    UpDownCounter,

    /// <summary>An observable gauge: the last value.</summary>
    Gauge,
}

/// <summary>The points of one instrument from one scrape.</summary>
/// <param name="Name">The instrument name: the Prometheus sample name, unchanged.</param>
/// <param name="Kind">The instrument kind.</param>
/// <param name="Description">The family's HELP text, if any.</param>
/// <param name="Points">One measurement per series, with the Prometheus labels as tags.</param>
internal sealed record MappedInstrument(string Name, InstrumentKind Kind, string? Description, Measurement<double>[] Points);

/// <summary>A scrape turned into instrument points, ready to be observed.</summary>
/// <param name="Instruments">The instruments by name.</param>
/// <param name="Conflicts">Sample names left out because another family of the scrape already used the name with another kind.</param>
internal sealed record MappedScrape(IReadOnlyDictionary<string, MappedInstrument> Instruments, IReadOnlyList<string> Conflicts)
{
    /// <summary>The number of points over all instruments.</summary>
    public int PointCount => Instruments.Values.Sum(i => i.Points.Length);
}
