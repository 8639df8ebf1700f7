using MigratoryAspire.Cluster;

namespace MigratoryAspire.Monitor.Configuration;

/// <summary>
/// What the monitor watches and how often, bound from the configuration section <c>Monitor</c>
/// (the AppHost sets it as <c>Monitor__Key</c> environment variables).
/// </summary>
public sealed class MonitorOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Monitor";

    /// <summary>The cluster name, as the member names are built from it.</summary>
    public string ClusterName { get; set; } = "";

    /// <summary>Members that run from the start; the others count only while they are up.</summary>
    public int Replicas { get; set; }

    /// <summary>Member slots in ClusterMembers.</summary>
    public int MaxReplicas { get; set; }

    /// <summary>ClusterSeedMemberCount (Guaranteed delivery only).</summary>
    public int SeedMemberCount { get; set; } = 3;

    /// <summary>The cluster's delivery mode.</summary>
    public DeliveryMode DeliveryMode { get; set; } = DeliveryMode.Standard;

    /// <summary>The first inter-cluster port (only part of the topology; the monitor does not use it).</summary>
    public int ClusterPort { get; set; } = ClusterPorts.DefaultCluster;

    /// <summary>
    /// A file holding the desired replica count (<see cref="DesiredReplicasFile"/>), which the AppHost rewrites when the
    /// cluster is scaled; read every cycle. Without it, or while it holds no count, <see cref="Replicas"/> is the desired count.
    /// </summary>
    public string? DesiredReplicasFile { get; set; }

    /// <summary>The members to watch.</summary>
    public List<MemberTargetOptions> Members { get; set; } = [];

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

    /// <summary>The cluster's topology: the rules for members up, seeds and failures tolerated.</summary>
    public ClusterTopology ToTopology() =>
        ClusterTopology.Create(ClusterName, Replicas, MaxReplicas, SeedMemberCount, DeliveryMode, ClusterPort);
}

/// <summary>One member the monitor watches.</summary>
public sealed class MemberTargetOptions
{
    /// <summary>The member's resource name, e.g. <c>migratorydata-0</c>: the <c>service.name</c> of its telemetry.</summary>
    public string Name { get; set; } = "";

    /// <summary>The member's ordinal in the topology.</summary>
    public int Ordinal { get; set; }

    /// <summary>The Prometheus endpoint: a base URL (<c>/metrics</c> is added) or the full URL of the metrics page.</summary>
    public string MetricsUrl { get; set; } = "";

    /// <summary>The client port to probe: <c>host:port</c> or a URL with a port.</summary>
    public string ClientAddress { get; set; } = "";

    /// <summary>
    /// The <c>service.instance.id</c> of the member's telemetry: the suffix of its DCP resource name, which is what links the
    /// telemetry to the container in the Aspire dashboard. Optional: without it the metrics are listed but not linked.
    /// </summary>
    public string? InstanceId { get; set; }
}
