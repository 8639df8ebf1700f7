using k8s;
using k8s.Models;
using MigratoryAspire.Cluster;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>
/// With default settings every emitted object means what the vendor AKS tutorial's object means. The tutorial's
/// objects are parsed from ../shared/seed/aks-tutorial-manifests.yaml (skipped, saying why, where that copy is absent).
/// </summary>
public class TutorialEquivalenceTests
{
    private const string Domain = "migratorydata-hs.migratory.svc.cluster.local";

    private static async Task<ManifestSet> OursAsync() => new((await PublishRun.Default).Manifests);

    private static List<IKubernetesObject> Tutorial() =>
        ManifestSet.ParseAllStrict(File.ReadAllText(SeedFiles.TutorialManifestsPath!));

    private static T Tutorial<T>(Func<T, bool>? filter = null) =>
        Assert.Single(Tutorial().OfType<T>(), o => filter?.Invoke(o) ?? true);

    private static string Json(object? value) => KubernetesJson.Serialize(value);

    [SeedFact]
    public async Task Same_namespace_and_services()
    {
        var ours = await OursAsync();
        Assert.Equal(Tutorial<V1Namespace>().Metadata.Name, ours.Single<V1Namespace>().Metadata.Name);

        foreach (var theirs in Tutorial().OfType<V1Service>())
        {
            var mine = ours.Service(theirs.Metadata.Name);
            Assert.Equal(theirs.Metadata.NamespaceProperty, mine.Metadata.NamespaceProperty);
            AssertTutorialLabelsPlusOurs(theirs.Metadata.Labels, mine.Metadata.Labels);
            // Whole specs: type, clusterIP, ports with names/protocols/targets, publishNotReadyAddresses, selector.
            Assert.Equal(Json(theirs.Spec), Json(mine.Spec));
        }

        // The tutorial's two, plus the Aspire dashboard's (member telemetry, not in the tutorial).
        Assert.Equal(2, ours.All<V1Service>().Count(s => s.Metadata.Name != "migratorydata-dashboard"));
    }

    [SeedFact]
    public async Task Same_disruption_budget_plus_an_eviction_policy()
    {
        var theirs = Tutorial<V1PodDisruptionBudget>();
        var mine = (await OursAsync()).Single<V1PodDisruptionBudget>();

        Assert.Equal(theirs.Metadata.Name, mine.Metadata.Name);
        Assert.Equal(theirs.Metadata.NamespaceProperty, mine.Metadata.NamespaceProperty);
        Assert.Equal(Json(theirs.Spec.MinAvailable), Json(mine.Spec.MinAvailable));
        Assert.Equal(Json(theirs.Spec.Selector), Json(mine.Spec.Selector));
        Assert.Equal("AlwaysAllow", mine.Spec.UnhealthyPodEvictionPolicy);
    }

    [SeedFact]
    public async Task Same_autoscaling_as_the_tutorials_v1_autoscaler()
    {
        var theirs = Tutorial<V1HorizontalPodAutoscaler>();
        var mine = (await OursAsync()).Single<V2HorizontalPodAutoscaler>();

        Assert.Equal(theirs.Metadata.Name, mine.Metadata.Name);
        Assert.Equal(theirs.Metadata.NamespaceProperty, mine.Metadata.NamespaceProperty);
        Assert.Equal(theirs.Spec.MinReplicas, mine.Spec.MinReplicas);
        Assert.Equal(theirs.Spec.MaxReplicas, mine.Spec.MaxReplicas);
        Assert.Equal(Json(theirs.Spec.ScaleTargetRef), Json(mine.Spec.ScaleTargetRef));
        var cpu = Assert.Single(mine.Spec.Metrics);
        Assert.Equal(("Resource", "cpu", "Utilization"), (cpu.Type, cpu.Resource.Name, cpu.Resource.Target.Type));
        Assert.Equal(theirs.Spec.TargetCPUUtilizationPercentage, cpu.Resource.Target.AverageUtilization);
    }

    [SeedFact]
    public async Task Same_statefulset_shape()
    {
        var ours = await OursAsync();
        var theirs = Tutorial<V1StatefulSet>();
        var mine = ours.Single<V1StatefulSet>();

        Assert.Equal(theirs.Metadata.Name, mine.Metadata.Name);
        Assert.Equal(theirs.Metadata.NamespaceProperty, mine.Metadata.NamespaceProperty);
        AssertTutorialLabelsPlusOurs(theirs.Metadata.Labels, mine.Metadata.Labels);
        Assert.Equal(Json(theirs.Spec.Selector), Json(mine.Spec.Selector));
        Assert.Equal(theirs.Spec.ServiceName, mine.Spec.ServiceName);
        Assert.Equal(Json(theirs.Spec.UpdateStrategy), Json(mine.Spec.UpdateStrategy));
        Assert.Equal(theirs.Spec.PodManagementPolicy, mine.Spec.PodManagementPolicy);
        Assert.Equal(theirs.Spec.Template.Metadata.Labels, mine.Spec.Template.Metadata.Labels);
        Assert.Equal(Json(theirs.Spec.Template.Spec.Affinity), Json(mine.Spec.Template.Spec.Affinity));

        // The replica count is the autoscaler's (see the README, "Autoscaling and spec.replicas"): it starts the set at the tutorial's replicas.
        Assert.Null(mine.Spec.Replicas);
        Assert.Equal(theirs.Spec.Replicas, ours.Single<V2HorizontalPodAutoscaler>().Spec.MinReplicas);
    }

    [SeedFact]
    public async Task Same_container_apart_from_the_pinned_tag()
    {
        var theirs = Assert.Single(Tutorial<V1StatefulSet>().Spec.Template.Spec.Containers);
        var mine = (await OursAsync()).Container;

        Assert.Equal(theirs.Name, mine.Name);
        Assert.Equal(theirs.Image.Split(':')[0], mine.Image.Split(':')[0]);
        Assert.Equal("6.0.24", mine.Image.Split(':')[1]);
        Assert.Equal(Json(theirs.ReadinessProbe), Json(mine.ReadinessProbe));
        Assert.Equal(Json(theirs.LivenessProbe), Json(mine.LivenessProbe));
        foreach (var (resource, quantity) in theirs.Resources.Requests)
        {
            Assert.Equal(quantity.ToDecimal(), mine.Resources.Requests[resource].ToDecimal());
        }

        // The tutorial's ports, same names and numbers, then the metrics port.
        Assert.Equal(
            theirs.Ports.Select(p => (p.Name, p.ContainerPort)),
            mine.Ports.Take(theirs.Ports.Count).Select(p => (p.Name, p.ContainerPort)));
        Assert.Equal(("metrics", 9900), (mine.Ports[^1].Name, mine.Ports[^1].ContainerPort));

        Assert.Equal(Env(theirs, "MIGRATORYDATA_JAVA_GC_LOG_OPTS"), Env(mine, "MIGRATORYDATA_JAVA_GC_LOG_OPTS"));
        var theirOptions = Env(theirs, "MIGRATORYDATA_EXTRA_OPTS")!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var myOptions = Env(mine, "MIGRATORYDATA_EXTRA_OPTS")!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, theirOptions.Length);
        Assert.Equal(theirOptions, myOptions.Take(5));
    }

    [SeedTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Every_pod_computes_the_tutorials_cluster_addresses(int ordinal)
    {
        var theirs = Assert.Single(Tutorial<V1StatefulSet>().Spec.Template.Spec.Containers);
        var mine = (await OursAsync()).Container;
        var pod = $"migratorydata-{ordinal}";

        var theirRun = StartupScriptRun.Run(theirs.Command[^1], pod, Domain, EnvOf(theirs));
        var myRun = StartupScriptRun.Run(mine.Command[^1], pod, Domain, EnvOf(mine));

        Assert.Equal(["bash", "-c"], mine.Command.Take(2));
        Assert.Equal(0, myRun.ExitCode);
        Assert.NotNull(theirRun.Item("ClusterMembers"));
        Assert.Equal(theirRun.Item("ClusterMemberListen"), myRun.Item("ClusterMemberListen"));
        Assert.Equal(theirRun.Item("ClusterMembers"), myRun.Item("ClusterMembers"));

        var topology = ClusterTopology.Create("migratorydata", 3, 5, 3, DeliveryMode.Guaranteed);
        Assert.Equal(topology.ClusterMemberListen(ordinal, Domain), myRun.Item("ClusterMemberListen"));
        Assert.Equal(topology.ClusterMembers(Domain), myRun.Item("ClusterMembers"));

        // Everything else the tutorial's pod starts with, ours starts with too.
        var theirItems = theirRun.StartedWith!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(theirItems, item => Assert.Contains(item, myRun.StartedWith!.Split(' ')));
    }

    private static string? Env(V1Container container, string name) => container.Env.SingleOrDefault(e => e.Name == name)?.Value;

    private static Dictionary<string, string> EnvOf(V1Container container) =>
        container.Env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);

    /// <summary>An object's labels are the tutorial's plus exactly the three the post-deploy prune selects by
    /// (selectors and pod labels stay the tutorial's).</summary>
    private static void AssertTutorialLabelsPlusOurs(IDictionary<string, string> theirs, IDictionary<string, string> mine)
    {
        Assert.All(theirs, kv => Assert.Equal(kv.Value, mine[kv.Key]));
        Assert.Equal(
            ["app.kubernetes.io/instance", "app.kubernetes.io/managed-by", "app.kubernetes.io/part-of"],
            mine.Keys.Except(theirs.Keys).Order(StringComparer.Ordinal));
    }
}
