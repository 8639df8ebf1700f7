using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Model;

/// <summary>
/// Every setting of a MigratoryData cluster, bound from the configuration section <c>MigratoryData</c>
/// (appsettings.json, <c>MigratoryData__Key</c> environment variables, <c>MigratoryData:Key=value</c> arguments).
/// The key names are a contract: README and tests rely on them. Defaults reproduce the vendor's AKS tutorial.
/// </summary>
public sealed class MigratoryDataClusterOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "MigratoryData";

    /// <summary>The GC log options of the tutorial's StatefulSet (MIGRATORYDATA_JAVA_GC_LOG_OPTS).</summary>
    public const string TutorialJavaGcLogOptions =
        "-XX:+PrintCommandLineFlags -XX:+PrintGC -XX:+PrintGCDetails -XX:+DisableExplicitGC " +
        "-Dsun.rmi.dgc.client.gcInterval=0x7ffffffffffffff0 -Dsun.rmi.dgc.server.gcInterval=0x7ffffffffffffff0 -verbose:gc";

    /// <summary>Members started (the tutorial's 🅑, StatefulSet replicas).</summary>
    public int Replicas { get; set; } = 3;

    /// <summary>Members listed in ClusterMembers: the most the cluster can grow to (🅓, MAX_REPLICAS, HPA maxReplicas).</summary>
    public int MaxReplicas { get; set; } = 5;

    /// <summary>PodDisruptionBudget minAvailable (🅐); at least the number of seed members in Guaranteed mode.</summary>
    public int MinAvailable { get; set; } = 3;

    /// <summary>ClusterSeedMemberCount (🅒): 3 or 5.</summary>
    public int SeedMemberCount { get; set; } = 3;

    /// <summary>ClusterDeliveryMode: Standard or Guaranteed.</summary>
    public DeliveryMode DeliveryMode { get; set; } = DeliveryMode.Guaranteed;

    /// <summary>The server's Memory parameter, in MB form (e.g. <c>128MB</c>).</summary>
    public string Memory { get; set; } = "128MB";

    /// <summary>The server's LogLevel: TRACE, DEBUG, INFO, WARN or ERROR.</summary>
    public string LogLevel { get; set; } = "INFO";

    /// <summary>The server's X.ConnectionOffload parameter.</summary>
    public bool ConnectionOffload { get; set; } = true;

    /// <summary>The member image.</summary>
    public string Image { get; set; } = MigratoryDataContainerImageTags.Image;

    /// <summary>The member image tag (pinned, never <c>latest</c> by default), or a digest such as <c>sha256:…</c>.</summary>
    public string Tag { get; set; } = MigratoryDataContainerImageTags.Tag;

    /// <summary>Any further server parameter, passed as <c>-DNAME=value</c> (key <c>ExtraOptions:NAME</c>).</summary>
    public Dictionary<string, string> ExtraOptions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>MIGRATORYDATA_JAVA_GC_LOG_OPTS; the tutorial's value by default.</summary>
    public string? JavaGcLogOptions { get; set; } = TutorialJavaGcLogOptions;

    /// <summary>MIGRATORYDATA_JAVA_GC_OPTS; the image's default when empty.</summary>
    public string? JavaGcOptions { get; set; }

    /// <summary>MIGRATORYDATA_JAVA_EXTRA_OPTS; the image's default when empty.</summary>
    public string? JavaExtraOptions { get; set; }

    /// <summary>The client port (Listen = *:port): HTTP and WebSocket.</summary>
    public int ClientPort { get; set; } = ClusterPorts.DefaultClient;

    /// <summary>The first inter-cluster port; the member also uses the three after it.</summary>
    public int ClusterPort { get; set; } = ClusterPorts.DefaultCluster;

    /// <summary>The Prometheus monitor port (MonitorPrometheus.Listen = *:port).</summary>
    public int MetricsPort { get; set; } = ClusterPorts.DefaultMetrics;

    /// <summary>MonitorUsername for the Prometheus endpoint; the password is a secret parameter.</summary>
    public string MonitorUsername { get; set; } = "admin";

    /// <summary>The Kubernetes namespace the publisher writes into (the tutorial's <c>migratory</c>).</summary>
    public string Namespace { get; set; } = "migratory";

    /// <summary>Settings that only the Kubernetes publisher uses (key prefix <c>MigratoryData:Kubernetes:</c>).</summary>
    public KubernetesOptions Kubernetes { get; set; } = new();

    /// <summary>The full image reference: <c>Image:Tag</c>, or <c>Image@Tag</c> when Tag is a digest.</summary>
    public string ImageReference => Model.ImageReference.Format(Image, Tag);

    /// <summary>The topology these options describe, for a cluster of the given name.</summary>
    public ClusterTopology ToTopology(string clusterName) =>
        ClusterTopology.Create(clusterName, Replicas, MaxReplicas, SeedMemberCount, DeliveryMode, ClusterPort);
}
