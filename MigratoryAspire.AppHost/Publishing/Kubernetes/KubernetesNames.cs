namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>
/// The names of the emitted objects, derived from the cluster name as the tutorial derives them from
/// <c>migratorydata</c>, so a non-default cluster name renames everything consistently.
/// </summary>
internal sealed record KubernetesNames(string Cluster, string Namespace)
{
    /// <summary>The label key every object and the selectors use (the tutorial's <c>app</c>).</summary>
    public const string AppLabel = "app";

    /// <summary>The container's name.</summary>
    public string Container => Cluster;

    /// <summary>The StatefulSet's name: the pods are <c>{Cluster}-{ordinal}</c>, which the topology's member names assume.</summary>
    public string StatefulSet => Cluster;

    /// <summary>The LoadBalancer service clients use (<c>-cs</c>, client service).</summary>
    public string ClientService => $"{Cluster}-cs";

    /// <summary>The headless service that gives members their DNS names (<c>-hs</c>).</summary>
    public string HeadlessService => $"{Cluster}-hs";

    /// <summary>The PodDisruptionBudget.</summary>
    public string DisruptionBudget => $"{Cluster}-pdb";

    /// <summary>The HorizontalPodAutoscaler.</summary>
    public string Autoscaler => $"{Cluster}-autoscale";

    /// <summary>The NetworkPolicy.</summary>
    public string NetworkPolicy => $"{Cluster}-network";

    /// <summary>The Secret azd renders from its environment.</summary>
    public string Secret => $"{Cluster}-secrets";

    /// <summary>The monitor's Deployment, pods' <c>app</c> label and azd service. Its own label, so no member selector
    /// (StatefulSet, PodDisruptionBudget, Services, NetworkPolicy) ever picks a monitor pod.</summary>
    public string Monitor => $"{Cluster}-monitor";

    /// <summary>The dashboard's Deployment, Service (its DNS name in the namespace) and pods' <c>app</c> label.</summary>
    public string Dashboard => $"{Cluster}-dashboard";

    /// <summary>The NetworkPolicy of the monitor's pods.</summary>
    public string MonitorNetworkPolicy => $"{Cluster}-monitor-network";

    /// <summary>The NetworkPolicy of the dashboard's pods.</summary>
    public string DashboardNetworkPolicy => $"{Cluster}-dashboard-network";

    /// <summary>The DNS domain of the members' pods: <c>{headless service}.{namespace}.svc</c>, resolved through the
    /// pods' DNS search list whatever the cluster's DNS suffix is.</summary>
    public string MemberDomain => $"{HeadlessService}.{Namespace}.svc";

    /// <summary>The labels of the monitor's objects and its pod selector.</summary>
    public Dictionary<string, string> MonitorLabels => SelectorOf(Monitor);

    /// <summary>The labels of the dashboard's objects and its pod selector.</summary>
    public Dictionary<string, string> DashboardLabels => SelectorOf(Dashboard);

    /// <summary>The tool label (Kubernetes' recommended <c>app.kubernetes.io/managed-by</c>) of every emitted object.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>The value of <see cref="ManagedByLabel"/>: objects this project emitted, and only those, carry it.</summary>
    public const string ManagedBy = "migratoryaspire";

    /// <summary>The application label (<c>app.kubernetes.io/part-of</c>).</summary>
    public const string PartOfLabel = "app.kubernetes.io/part-of";

    /// <summary>The instance label (<c>app.kubernetes.io/instance</c>): the cluster name.</summary>
    public const string InstanceLabel = "app.kubernetes.io/instance";

    /// <summary>The pod selector: the tutorial's <c>app</c> label. Selectors are immutable on a StatefulSet, so they stay
    /// exactly the tutorial's; the labels below are added to objects' metadata only.</summary>
    public Dictionary<string, string> Labels => SelectorOf(Cluster);

    /// <summary>The pod selector of the pods labelled <c>app: {app}</c>.</summary>
    public static Dictionary<string, string> SelectorOf(string app) => new() { [AppLabel] = app };

    /// <summary>The labels on every emitted object's metadata: the selector's <c>app</c> plus managed-by, part-of and
    /// instance, which the post-deploy prune selects by (<see cref="PruneSelector"/>).</summary>
    public Dictionary<string, string> ObjectLabels => ObjectLabelsOf(Cluster);

    /// <summary>The metadata labels of an emitted object whose pods carry <c>app: {app}</c> (the members', the
    /// monitor's or the dashboard's): that label plus managed-by, part-of and instance.</summary>
    public Dictionary<string, string> ObjectLabelsOf(string app) => new()
    {
        [AppLabel] = app,
        [ManagedByLabel] = ManagedBy,
        [PartOfLabel] = "migratorydata",
        [InstanceLabel] = Cluster,
    };

    /// <summary>The label selector of the objects this cluster's publish emitted (<c>kubectl --selector</c>).</summary>
    public string PruneSelector => $"{ManagedByLabel}={ManagedBy},{InstanceLabel}={Cluster}";
}
