namespace MigratoryAspire.AppHost.Model;

/// <summary>
/// Settings that only the Kubernetes/AKS publisher uses, bound from <c>MigratoryData:Kubernetes</c>.
/// Each has a safe default; with all defaults the manifests mean what the vendor's AKS tutorial means, hardened
/// the way well-kept broker charts are. Checked by <see cref="KubernetesOptionsValidator"/>.
/// </summary>
public sealed class KubernetesOptions
{
    /// <summary>Allowed values of <see cref="ImagePullPolicy"/>.</summary>
    public static readonly IReadOnlyList<string> ImagePullPolicies = ["IfNotPresent", "Always", "Never"];

    /// <summary>Allowed values of <see cref="ZoneSpread"/>.</summary>
    public static readonly IReadOnlyList<string> ZoneSpreadModes = ["ScheduleAnyway", "DoNotSchedule", "Off"];

    /// <summary>Allowed values of <see cref="UnhealthyPodEvictionPolicy"/>.</summary>
    public static readonly IReadOnlyList<string> UnhealthyPodEvictionPolicies = ["AlwaysAllow", "IfHealthyBudget"];

    /// <summary>
    /// The member container's imagePullPolicy. <c>IfNotPresent</c> by default because the tag is pinned
    /// (the tutorial's <c>Always</c> only made sense with <c>latest</c>).
    /// </summary>
    public string ImagePullPolicy { get; set; } = "IfNotPresent";

    /// <summary>The port the LoadBalancer service exposes to clients; it forwards to the client port (the tutorial's 80).</summary>
    public int ServicePort { get; set; } = 80;

    /// <summary>
    /// Emit a HorizontalPodAutoscaler (min = Replicas, max = MaxReplicas). When on, the StatefulSet leaves
    /// <c>spec.replicas</c> to the autoscaler so that a redeploy does not reset a scaled cluster; when off, the
    /// StatefulSet pins <c>replicas</c> = Replicas and there is no autoscaler.
    /// </summary>
    public bool Autoscaling { get; set; } = true;

    /// <summary>The average CPU utilisation (percent of the CPU request) the autoscaler aims for (the tutorial's 50).</summary>
    public int TargetCpuUtilization { get; set; } = 50;

    /// <summary>CPU request of a member (the tutorial's 0.5); the autoscaler's percentages are relative to it.</summary>
    public string CpuRequest { get; set; } = "0.5";

    /// <summary>Memory request of a member (the tutorial's 256Mi).</summary>
    public string MemoryRequest { get; set; } = "256Mi";

    /// <summary>CPU limit of a member; empty for none. Generous by default so bursts are not throttled.</summary>
    public string CpuLimit { get; set; } = "2";

    /// <summary>Memory limit of a member; empty for none. Leaves room above the JVM heap (<c>Memory</c>) for the JVM itself.</summary>
    public string MemoryLimit { get; set; } = "1Gi";

    /// <summary>
    /// Add a container securityContext limited to what the image is known to tolerate: no privilege escalation,
    /// all capabilities dropped, the runtime's default seccomp profile. It does not force a user id.
    /// </summary>
    public bool SecurityContext { get; set; } = true;

    /// <summary>
    /// Spread members across availability zones: <c>ScheduleAnyway</c> (prefer, never block), <c>DoNotSchedule</c>
    /// (require) or <c>Off</c>.
    /// </summary>
    public string ZoneSpread { get; set; } = "ScheduleAnyway";

    /// <summary>Seconds a member gets to shut down cleanly before it is killed (Kubernetes' own default is 30).</summary>
    public int TerminationGracePeriodSeconds { get; set; } = 60;

    /// <summary>
    /// The PodDisruptionBudget's unhealthyPodEvictionPolicy. <c>AlwaysAllow</c> lets a node drain evict a member
    /// that is not ready anyway, so a broken pod cannot block upgrades.
    /// </summary>
    public string UnhealthyPodEvictionPolicy { get; set; } = "AlwaysAllow";

    /// <summary>
    /// Emit NetworkPolicies: the inter-cluster ports only from members, the client and metrics ports from anywhere; with
    /// <see cref="Telemetry"/>, the dashboard's OTLP port only from the monitor and nothing into the monitor. They take effect only where the cluster enforces network policies (the emitted AKS cluster does).
    /// </summary>
    public bool NetworkPolicy { get; set; } = true;

    /// <summary>Allowed values of <see cref="DashboardServiceType"/>.</summary>
    public static readonly IReadOnlyList<string> DashboardServiceTypes = ["ClusterIP", "LoadBalancer"];

    /// <summary>
    /// Deploy member telemetry with the cluster: the monitor (built by azd from the Monitor project, pushed to the
    /// registry the Bicep creates) and an Aspire dashboard it exports to, both one-replica Deployments in the namespace.
    /// </summary>
    public bool Telemetry { get; set; } = true;

    /// <summary>
    /// The Aspire dashboard image, pinned: Microsoft's standalone dashboard at the version of the Aspire packages this
    /// AppHost is built with (13.6.5), never <c>latest</c>.
    /// </summary>
    public string DashboardImage { get; set; } = "mcr.microsoft.com/dotnet/aspire-dashboard:13.6.5";

    /// <summary>
    /// The dashboard's Service type: <c>ClusterIP</c> (reached with <c>kubectl port-forward</c>) or <c>LoadBalancer</c>
    /// (a public address; the frontend still asks for the browser token).
    /// </summary>
    public string DashboardServiceType { get; set; } = "ClusterIP";

    /// <summary>
    /// For teams on Azure Monitor managed Prometheus: the Bicep adds an Azure Monitor workspace and the AKS metrics
    /// add-on, and the publish adds a scrape configuration (rendered by azd with the monitor credentials) for the members.
    /// </summary>
    public bool ManagedPrometheus { get; set; }

    /// <summary>VM size of the AKS node pool (the size <c>az aks create</c> used by default when the tutorial was written).</summary>
    public string NodeVmSize { get; set; } = "Standard_DS2_v2";

    /// <summary>Nodes the AKS pool starts with (the tutorial's <c>--node-count 3</c>).</summary>
    public int NodeCount { get; set; } = 3;

    /// <summary>Fewest nodes the cluster autoscaler keeps (the tutorial's <c>--min-count 3</c>).</summary>
    public int NodeMinCount { get; set; } = 3;

    /// <summary>Most nodes the cluster autoscaler adds (the tutorial's <c>--max-count 5</c>).</summary>
    public int NodeMaxCount { get; set; } = 5;

    /// <summary>The AKS Kubernetes version, e.g. <c>1.33</c>; empty lets AKS pick its current default.</summary>
    public string KubernetesVersion { get; set; } = "";
}
