using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace Aspire.Hosting;

// One With… method per setting. Each only records the value: the settings are validated together, once, when the
// AppHost starts or publishes, so the order of the calls never matters (WithReplicas(6) before WithMaxReplicas(7)).
public static partial class MigratoryDataBuilderExtensions
{
    /// <summary>Sets how many members start (Replicas; StatefulSet replicas and HPA minReplicas when published).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithReplicas(this IResourceBuilder<MigratoryDataClusterResource> builder, int replicas) =>
        builder.Change(o => o.Replicas = replicas);

    /// <summary>Sets how many members ClusterMembers lists: the most the cluster can grow to (MaxReplicas).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithMaxReplicas(this IResourceBuilder<MigratoryDataClusterResource> builder, int maxReplicas) =>
        builder.Change(o => o.MaxReplicas = maxReplicas);

    /// <summary>Sets the PodDisruptionBudget's minAvailable (MinAvailable).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithMinAvailable(this IResourceBuilder<MigratoryDataClusterResource> builder, int minAvailable) =>
        builder.Change(o => o.MinAvailable = minAvailable);

    /// <summary>Sets ClusterSeedMemberCount, 3 or 5 (SeedMemberCount).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithSeedMemberCount(this IResourceBuilder<MigratoryDataClusterResource> builder, int seedMemberCount) =>
        builder.Change(o => o.SeedMemberCount = seedMemberCount);

    /// <summary>Sets ClusterDeliveryMode (DeliveryMode).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithDeliveryMode(this IResourceBuilder<MigratoryDataClusterResource> builder, DeliveryMode deliveryMode) =>
        builder.Change(o => o.DeliveryMode = deliveryMode);

    /// <summary>Sets the server's Memory, e.g. <c>512MB</c> (Memory).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithMemory(this IResourceBuilder<MigratoryDataClusterResource> builder, string memory) =>
        builder.Change(o => o.Memory = memory);

    /// <summary>Sets the server's LogLevel: TRACE, DEBUG, INFO, WARN or ERROR (LogLevel).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithLogLevel(this IResourceBuilder<MigratoryDataClusterResource> builder, string logLevel) =>
        builder.Change(o => o.LogLevel = logLevel);

    /// <summary>Sets X.ConnectionOffload (ConnectionOffload).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithConnectionOffload(this IResourceBuilder<MigratoryDataClusterResource> builder, bool enabled) =>
        builder.Change(o => o.ConnectionOffload = enabled);

    /// <summary>Sets the member image and, when given, its tag (Image, Tag).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithImage(this IResourceBuilder<MigratoryDataClusterResource> builder, string image, string? tag = null) =>
        builder.Change(o =>
        {
            o.Image = image;
            o.Tag = tag ?? o.Tag;
        });

    /// <summary>Sets the member image tag (Tag).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithImageTag(this IResourceBuilder<MigratoryDataClusterResource> builder, string tag) =>
        builder.Change(o => o.Tag = tag);

    /// <summary>Passes a further server parameter as <c>-Dname=value</c> (ExtraOptions:name).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithServerParameter(this IResourceBuilder<MigratoryDataClusterResource> builder, string name, string value) =>
        builder.Change(o => o.ExtraOptions[name] = value);

    /// <summary>Sets MIGRATORYDATA_JAVA_GC_LOG_OPTS; null or empty leaves the image's default (JavaGcLogOptions).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithJavaGcLogOptions(this IResourceBuilder<MigratoryDataClusterResource> builder, string? options) =>
        builder.Change(o => o.JavaGcLogOptions = options);

    /// <summary>Sets MIGRATORYDATA_JAVA_GC_OPTS; null or empty leaves the image's default (JavaGcOptions).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithJavaGcOptions(this IResourceBuilder<MigratoryDataClusterResource> builder, string? options) =>
        builder.Change(o => o.JavaGcOptions = options);

    /// <summary>Sets MIGRATORYDATA_JAVA_EXTRA_OPTS; null or empty leaves the image's default (JavaExtraOptions).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithJavaExtraOptions(this IResourceBuilder<MigratoryDataClusterResource> builder, string? options) =>
        builder.Change(o => o.JavaExtraOptions = options);

    /// <summary>Sets the client port, 8800 by default (ClientPort).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithClientPort(this IResourceBuilder<MigratoryDataClusterResource> builder, int port) =>
        builder.Change(o => o.ClientPort = port);

    /// <summary>Sets the first of the four inter-cluster ports, 8801 by default (ClusterPort).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithClusterPort(this IResourceBuilder<MigratoryDataClusterResource> builder, int port) =>
        builder.Change(o => o.ClusterPort = port);

    /// <summary>Sets the Prometheus monitor port, 9900 by default (MetricsPort).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithMetricsPort(this IResourceBuilder<MigratoryDataClusterResource> builder, int port) =>
        builder.Change(o => o.MetricsPort = port);

    /// <summary>Sets MonitorUsername of the Prometheus endpoint (MonitorUsername).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithMonitorUsername(this IResourceBuilder<MigratoryDataClusterResource> builder, string userName) =>
        builder.Change(o => o.MonitorUsername = userName);

    /// <summary>Sets the Kubernetes namespace the publisher writes into (Namespace).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithNamespace(this IResourceBuilder<MigratoryDataClusterResource> builder, string @namespace) =>
        builder.Change(o => o.Namespace = @namespace);

    /// <summary>Changes the publish-only Kubernetes settings (Kubernetes:…).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithKubernetes(this IResourceBuilder<MigratoryDataClusterResource> builder, Action<KubernetesOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.Change(o => configure(o.Kubernetes));
    }

    /// <summary>Sets the server's LicenseKey from a secret parameter (otherwise the key built into the image applies).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithLicenseKey(
        this IResourceBuilder<MigratoryDataClusterResource> builder, IResourceBuilder<ParameterResource> licenseKey)
    {
        ArgumentNullException.ThrowIfNull(licenseKey);
        return builder.Change(_ => builder.Resource.LicenseKey = licenseKey.Resource);
    }

    /// <summary>Sets the ClusterPassword the members share from a secret parameter.</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithClusterPassword(
        this IResourceBuilder<MigratoryDataClusterResource> builder, IResourceBuilder<ParameterResource> password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return builder.Change(_ => builder.Resource.ClusterPassword = password.Resource);
    }

    /// <summary>Sets MonitorPassword of the Prometheus endpoint from a secret parameter (otherwise one is generated).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithMonitorPassword(
        this IResourceBuilder<MigratoryDataClusterResource> builder, IResourceBuilder<ParameterResource> password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return builder.Change(_ => builder.Resource.MonitorPassword = password.Resource);
    }
}
