namespace MigratoryAspire.Cluster;

/// <summary>One member as the monitor reaches it: its name and ordinal in the topology, and where its endpoints are.</summary>
public sealed class MemberTarget
{
    /// <summary>The member's name, e.g. <c>migratorydata-0</c>: the <c>service.name</c> of its telemetry.</summary>
    public string Name { get; set; } = "";

    /// <summary>The member's ordinal in the topology.</summary>
    public int Ordinal { get; set; }

    /// <summary>The Prometheus endpoint: a base URL (<c>/metrics</c> is added) or the full URL of the metrics page.</summary>
    public string MetricsUrl { get; set; } = "";

    /// <summary>The client port to probe: <c>host:port</c> or a URL with a port.</summary>
    public string ClientAddress { get; set; } = "";

    /// <summary>
    /// The <c>service.instance.id</c> of the member's telemetry. Locally, the suffix of the member's DCP resource name, which
    /// links the telemetry to the container in the Aspire dashboard; none in Kubernetes. Without it the metrics are listed
    /// but not linked to a resource.
    /// </summary>
    public string? InstanceId { get; set; }
}
