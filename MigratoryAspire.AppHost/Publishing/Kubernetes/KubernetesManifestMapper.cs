using k8s.Models;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>
/// Maps the cluster model (options + topology) to typed Kubernetes objects. Pure: no files, no environment. With
/// default settings the objects mean what the vendor's AKS tutorial's objects mean, plus the hardening of
/// <see cref="KubernetesOptions"/>.
/// </summary>
internal static class KubernetesManifestMapper
{
    /// <summary>Builds every object for the cluster.</summary>
    public static KubernetesManifests Map(MigratoryDataClusterOptions options, ClusterTopology topology)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topology);
        var names = new KubernetesNames(topology.Name, options.Namespace);
        var k8s = options.Kubernetes;

        return new KubernetesManifests(
            names,
            Namespace(names),
            Secret(names, k8s.Telemetry),
            ClientService(names, options),
            HeadlessService(names, topology),
            k8s.NetworkPolicy ? NetworkPolicy(names, options, topology) : null,
            DisruptionBudget(names, options),
            StatefulSetMapper.Map(names, options, topology),
            k8s.Autoscaling ? Autoscaler(names, options, topology) : null,
            TelemetryManifestMapper.Map(names, options, topology));
    }

    /// <summary>Metadata of a namespaced object: name, namespace and <see cref="KubernetesNames.ObjectLabelsOf"/> its
    /// <paramref name="app"/> (the members' by default; the monitor's or the dashboard's for theirs).</summary>
    internal static V1ObjectMeta Meta(KubernetesNames names, string name, string? app = null) =>
        new() { Name = name, NamespaceProperty = names.Namespace, Labels = names.ObjectLabelsOf(app ?? names.Cluster) };

    private static V1Namespace Namespace(KubernetesNames names) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        // Labelled so it can be found, but never pruned: the prune only looks at namespaced kinds.
        Metadata = new V1ObjectMeta { Name = names.Namespace, Labels = new Dictionary<string, string> { [KubernetesNames.ManagedByLabel] = KubernetesNames.ManagedBy } },
    };

    private static V1Secret Secret(KubernetesNames names, bool telemetry) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = Meta(names, names.Secret),
        Type = "Opaque",
        // Placeholders only: the writer turns each into an azd template expression; no value ever reaches a file.
        StringData = ClusterSecret.InSecret(telemetry).ToDictionary(s => s.SecretKey, s => SecretPlaceholder(s)),
    };

    /// <summary>The stand-in value the writer replaces with an azd template expression.</summary>
    internal static string SecretPlaceholder(ClusterSecret secret) => $"AZD_ENV_{secret.AzdVariable}";

    private static V1Service ClientService(KubernetesNames names, MigratoryDataClusterOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Meta(names, names.ClientService),
        Spec = new V1ServiceSpec
        {
            Type = "LoadBalancer",
            Ports = [new V1ServicePort { Name = "client-port", Port = options.Kubernetes.ServicePort, Protocol = "TCP", TargetPort = options.ClientPort }],
            Selector = names.Labels,
        },
    };

    private static V1Service HeadlessService(KubernetesNames names, ClusterTopology topology) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Meta(names, names.HeadlessService),
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            Ports = topology.ClusterPortRange
                .Select((port, i) => new V1ServicePort { Name = ClusterPortName(i), Port = port, Protocol = "TCP", TargetPort = port })
                .ToList(),
            // Members must find each other while they start, before any is ready.
            PublishNotReadyAddresses = true,
            Selector = names.Labels,
        },
    };

    /// <summary>The tutorial's names for the inter-cluster ports: inter-cluster1 … inter-cluster4.</summary>
    internal static string ClusterPortName(int index) => $"inter-cluster{index + 1}";

    private static V1NetworkPolicy NetworkPolicy(KubernetesNames names, MigratoryDataClusterOptions options, ClusterTopology topology) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = Meta(names, names.NetworkPolicy),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = names.Labels },
            PolicyTypes = ["Ingress"],
            Ingress =
            [
                // Clients and the metrics scraper may come from anywhere; the metrics endpoint has its own password.
                new V1NetworkPolicyIngressRule
                {
                    Ports =
                    [
                        new V1NetworkPolicyPort { Port = options.ClientPort, Protocol = "TCP" },
                        new V1NetworkPolicyPort { Port = options.MetricsPort, Protocol = "TCP" },
                    ],
                },
                // Cluster traffic only between members.
                new V1NetworkPolicyIngressRule
                {
                    FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = names.Labels } }],
                    Ports = topology.ClusterPortRange
                        .Select(p => new V1NetworkPolicyPort { Port = p, Protocol = "TCP" })
                        .ToList(),
                },
            ],
        },
    };

    private static V1PodDisruptionBudget DisruptionBudget(KubernetesNames names, MigratoryDataClusterOptions options) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = Meta(names, names.DisruptionBudget),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = options.MinAvailable,
            Selector = new V1LabelSelector { MatchLabels = names.Labels },
            UnhealthyPodEvictionPolicy = options.Kubernetes.UnhealthyPodEvictionPolicy,
        },
    };

    private static V2HorizontalPodAutoscaler Autoscaler(KubernetesNames names, MigratoryDataClusterOptions options, ClusterTopology topology) => new()
    {
        ApiVersion = "autoscaling/v2",
        Kind = "HorizontalPodAutoscaler",
        Metadata = Meta(names, names.Autoscaler),
        Spec = new V2HorizontalPodAutoscalerSpec
        {
            ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = names.StatefulSet },
            MinReplicas = topology.Replicas,
            MaxReplicas = topology.MaxReplicas,
            Metrics =
            [
                new V2MetricSpec
                {
                    Type = "Resource",
                    Resource = new V2ResourceMetricSource
                    {
                        Name = "cpu",
                        Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = options.Kubernetes.TargetCpuUtilization },
                    },
                },
            ],
        },
    };
}
