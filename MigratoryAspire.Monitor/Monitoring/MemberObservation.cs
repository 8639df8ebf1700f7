using MigratoryAspire.Monitor.Scraping;

namespace MigratoryAspire.Monitor.Monitoring;

/// <summary>What one cycle saw of one member.</summary>
/// <param name="Name">The member's resource name.</param>
/// <param name="Ordinal">The member's ordinal.</param>
/// <param name="Probe">The client-port probe.</param>
/// <param name="Scrape">The metrics scrape.</param>
internal sealed record MemberObservation(string Name, int Ordinal, ProbeResult Probe, ScrapeResult Scrape)
{
    /// <summary>Up means both: the client port accepts connections and the metrics page is served and parses.</summary>
    public bool Up => Probe.Up && Scrape.Succeeded;

    /// <summary>Why the member is down; null when up.</summary>
    public string? DownReason =>
        Up ? null : string.Join("; ", new[] { Probe.Failure, Scrape.Failure is { } f ? $"metrics: {f}" : null }.OfType<string>());
}
