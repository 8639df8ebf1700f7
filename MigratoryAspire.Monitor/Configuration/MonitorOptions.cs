using MigratoryAspire.Cluster;

namespace MigratoryAspire.Monitor.Configuration;

/// <summary>
/// What the monitor watches and how often, bound from the configuration section <c>Monitor</c>. The cluster and its members
/// are the shared <see cref="ClusterContract"/> (written by the AppHost and the publisher with
/// <see cref="ClusterContractVariables"/>); the rest are the monitor's own options.
/// </summary>
internal sealed class MonitorOptions : ClusterContract
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = ClusterContractVariables.Section;

    /// <summary>
    /// A file holding the desired replica count, which the AppHost rewrites when the cluster is scaled (local run only);
    /// read every cycle. Without it, or while it holds no count, <see cref="ClusterContract.Replicas"/> is the desired count.
    /// </summary>
    public string? DesiredReplicasFile { get; set; }

    /// <summary>MonitorUsername, sent as the <c>username</c> query parameter; none when empty.</summary>
    public string? Username { get; set; }

    /// <summary>MonitorPassword, sent as the <c>password</c> query parameter.</summary>
    public string? Password { get; set; }

    /// <summary>How often every member is scraped and probed.</summary>
    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a scrape may take, body included, before the member counts as down.</summary>
    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a TCP connect to the client port may take before the member counts as down.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often each member's metrics are sent over OTLP.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A larger scrape body is refused (a member answering with something else than metrics).</summary>
    public int MaxScrapeBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Label combinations kept per metric name (the OpenTelemetry cardinality limit).</summary>
    public int MaxSeriesPerMetric { get; set; } = 10_000;
}
