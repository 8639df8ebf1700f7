using k8s.Models;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>Maps the cluster model to the members' StatefulSet: the tutorial's pod, plus the publish-only hardening.</summary>
internal static class StatefulSetMapper
{
    /// <summary>The label key of the zone a node is in.</summary>
    public const string ZoneTopologyKey = "topology.kubernetes.io/zone";

    /// <summary>Builds the StatefulSet.</summary>
    public static V1StatefulSet Map(KubernetesNames names, MigratoryDataClusterOptions options, ClusterTopology topology)
    {
        var k8s = options.Kubernetes;
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = KubernetesManifestMapper.Meta(names, names.StatefulSet),
            Spec = new V1StatefulSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = names.Labels },
                ServiceName = names.HeadlessService,
                // With an autoscaler the replica count is its business: pinning it here would reset a scaled cluster
                // on every `kubectl apply` (every `azd deploy`). The autoscaler raises a new set to Replicas at once.
                Replicas = k8s.Autoscaling ? null : topology.Replicas,
                UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate" },
                PodManagementPolicy = "OrderedReady",
                Template = new V1PodTemplateSpec
                {
                    // No prometheus.io annotations: the metrics endpoint needs the monitor credentials, which annotation-based
                    // scraping cannot send. The monitor, or the managed Prometheus scrape configuration, scrapes with them.
                    Metadata = new V1ObjectMeta { Labels = names.Labels },
                    Spec = PodSpec(names, options, topology),
                },
            },
        };
    }

    private static V1PodSpec PodSpec(KubernetesNames names, MigratoryDataClusterOptions options, ClusterTopology topology)
    {
        var k8s = options.Kubernetes;
        return new V1PodSpec
        {
            Affinity = new V1Affinity
            {
                // The tutorial's soft anti-affinity: one member per node when there are enough nodes.
                PodAntiAffinity = new V1PodAntiAffinity
                {
                    PreferredDuringSchedulingIgnoredDuringExecution =
                    [
                        new V1WeightedPodAffinityTerm
                        {
                            Weight = 1,
                            PodAffinityTerm = new V1PodAffinityTerm
                            {
                                LabelSelector = new V1LabelSelector
                                {
                                    MatchExpressions = [new V1LabelSelectorRequirement { Key = KubernetesNames.AppLabel, OperatorProperty = "In", Values = [names.Cluster] }],
                                },
                                TopologyKey = "kubernetes.io/hostname",
                            },
                        },
                    ],
                },
            },
            TopologySpreadConstraints = k8s.ZoneSpread == "Off"
                ? null
                :
                [
                    new V1TopologySpreadConstraint
                    {
                        MaxSkew = 1,
                        TopologyKey = ZoneTopologyKey,
                        WhenUnsatisfiable = k8s.ZoneSpread,
                        LabelSelector = new V1LabelSelector { MatchLabels = names.Labels },
                    },
                ],
            TerminationGracePeriodSeconds = k8s.TerminationGracePeriodSeconds,
            Containers = [Container(names, options, topology)],
        };
    }

    private static V1Container Container(KubernetesNames names, MigratoryDataClusterOptions options, ClusterTopology topology)
    {
        var k8s = options.Kubernetes;
        return new V1Container
        {
            Name = names.Container,
            ImagePullPolicy = k8s.ImagePullPolicy,
            Image = options.ImageReference,
            Env = Environment(names, options),
            Command = ["bash", "-c", MemberStartupScript.Render(topology)],
            Resources = Resources(k8s),
            Ports = Ports(options, topology),
            ReadinessProbe = ClientPortProbe(options, initialDelaySeconds: 60),
            LivenessProbe = ClientPortProbe(options, initialDelaySeconds: 10),
            SecurityContext = HardenedSecurityContext(k8s),
        };
    }

    /// <summary>
    /// The container securityContext limited to what the images are known to tolerate: no privilege escalation, all
    /// capabilities dropped, the runtime's default seccomp profile; no user id forced. None when
    /// <see cref="KubernetesOptions.SecurityContext"/> is off.
    /// </summary>
    internal static V1SecurityContext? HardenedSecurityContext(KubernetesOptions k8s) => !k8s.SecurityContext ? null : new()
    {
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    private static List<V1EnvVar> Environment(KubernetesNames names, MigratoryDataClusterOptions options)
    {
        var env = new List<V1EnvVar> { new() { Name = ServerParameters.EnvironmentVariable, Value = Literal(ServerParameters.Format(ServerParameters.BaseItems(options))) } };
        env.AddRange(JavaOptionVariables.Of(options).Select(v => new V1EnvVar { Name = v.Key, Value = Literal(v.Value) }));
        foreach (var secret in ClusterSecret.All)
        {
            // Optional: the pod still starts when the Secret or a key is missing (e.g. `kubectl apply -k` without azd),
            // and the startup script leaves the parameter out.
            env.Add(new V1EnvVar
            {
                Name = secret.PodVariable,
                ValueFrom = new V1EnvVarSource
                {
                    SecretKeyRef = new V1SecretKeySelector { Name = names.Secret, Key = secret.SecretKey, Optional = true },
                },
            });
        }

        return env;
    }

    /// <summary>
    /// An env value that reaches the container unchanged: the kubelet expands <c>$(NAME)</c> in env values and turns
    /// <c>$$</c> into <c>$</c>, so every <c>$</c> is doubled (Kubernetes API reference, EnvVar.value).
    /// </summary>
    internal static string Literal(string value) => value.Replace("$", "$$", StringComparison.Ordinal);

    private static V1ResourceRequirements Resources(KubernetesOptions k8s)
    {
        var requests = new Dictionary<string, ResourceQuantity> { ["memory"] = new(k8s.MemoryRequest), ["cpu"] = new(k8s.CpuRequest) };
        var limits = new Dictionary<string, ResourceQuantity>();
        if (!string.IsNullOrEmpty(k8s.MemoryLimit))
        {
            limits["memory"] = new ResourceQuantity(k8s.MemoryLimit);
        }

        if (!string.IsNullOrEmpty(k8s.CpuLimit))
        {
            limits["cpu"] = new ResourceQuantity(k8s.CpuLimit);
        }

        return new V1ResourceRequirements { Requests = requests, Limits = limits.Count > 0 ? limits : null };
    }

    private static List<V1ContainerPort> Ports(MigratoryDataClusterOptions options, ClusterTopology topology)
    {
        var ports = new List<V1ContainerPort> { new() { Name = "client-port", ContainerPort = options.ClientPort } };
        ports.AddRange(topology.ClusterPortRange
            .Select((p, i) => new V1ContainerPort { Name = KubernetesManifestMapper.ClusterPortName(i), ContainerPort = p }));
        ports.Add(new V1ContainerPort { Name = "metrics", ContainerPort = options.MetricsPort });
        return ports;
    }

    // The tutorial's probes: a member is ready, and alive, while its client port accepts connections.
    private static V1Probe ClientPortProbe(MigratoryDataClusterOptions options, int initialDelaySeconds) => new()
    {
        TcpSocket = new V1TCPSocketAction { Port = options.ClientPort },
        InitialDelaySeconds = initialDelaySeconds,
        FailureThreshold = 5,
        PeriodSeconds = 5,
    };
}
