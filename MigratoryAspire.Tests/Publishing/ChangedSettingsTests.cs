using k8s.Models;
using MigratoryAspire.Cluster;

using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>
/// A changed setting changes every place it appears in the output, consistently. Rendered in-process with the publish
/// step's binding and mapping (<see cref="PublishRun.Render"/>); the real publish runs are in the tests that need the disk.
/// </summary>
public class ChangedSettingsTests
{
    [Fact]
    public void A_larger_cluster_changes_budget_autoscaler_seeds_and_every_pods_member_list()
    {
        var run = PublishRun.Render(
            "MigratoryData:Replicas=5", "MigratoryData:MaxReplicas=7", "MigratoryData:SeedMemberCount=5", "MigratoryData:MinAvailable=5");
        var set = new ManifestSet(run.Manifests);
        const string domain = "migratorydata-hs.migratory.svc.cluster.local";
        var topology = ClusterTopology.Create("migratorydata", 5, 7, 5, DeliveryMode.Guaranteed);

        Assert.Equal((5, 7), (set.Single<V2HorizontalPodAutoscaler>().Spec.MinReplicas, set.Single<V2HorizontalPodAutoscaler>().Spec.MaxReplicas));
        Assert.Equal("5", set.Single<V1PodDisruptionBudget>().Spec.MinAvailable.ToString());
        var options = set.Container.Env.Single(e => e.Name == "MIGRATORYDATA_EXTRA_OPTS").Value;
        Assert.Contains("-DClusterSeedMemberCount=5", options.Split(' '));

        foreach (var ordinal in new[] { 0, 4, 6 })
        {
            var pod = StartupScriptRun.Run(set.Container.Command[^1], $"migratorydata-{ordinal}", domain,
                new Dictionary<string, string> { ["MIGRATORYDATA_EXTRA_OPTS"] = options });
            Assert.Equal(topology.ClusterMembers(domain), pod.Item("ClusterMembers"));
            Assert.Equal(topology.ClusterMemberListen(ordinal, domain), pod.Item("ClusterMemberListen"));
            Assert.Equal("5", pod.Item("ClusterSeedMemberCount"));
        }
        Assert.Equal(7, topology.ClusterMembers(domain).Split(',').Length);
    }

    [Fact]
    public void Changed_ports_reach_services_probes_container_policy_annotations_and_the_script()
    {
        var run = PublishRun.Render("MigratoryData:ClientPort=7000", "MigratoryData:ClusterPort=7001", "MigratoryData:MetricsPort=7100");
        var set = new ManifestSet(run.Manifests);
        var container = set.Container;
        int[] cluster = [7001, 7002, 7003, 7004];

        Assert.Equal("7000", set.Service("migratorydata-cs").Spec.Ports.Single().TargetPort.ToString());
        Assert.Equal(cluster, set.Service("migratorydata-hs").Spec.Ports.Select(p => p.Port));
        Assert.Equal(cluster.Select(p => p.ToString()), set.Service("migratorydata-hs").Spec.Ports.Select(p => p.TargetPort.ToString()));
        Assert.Equal([7000, .. cluster, 7100], container.Ports.Select(p => p.ContainerPort));
        Assert.Equal("7000", container.ReadinessProbe.TcpSocket.Port.ToString());
        Assert.Equal("7000", container.LivenessProbe.TcpSocket.Port.ToString());
        Assert.Null(set.Single<V1StatefulSet>().Spec.Template.Metadata.Annotations);
        var policy = Assert.Single(set.All<V1NetworkPolicy>(), p => p.Metadata.Name == "migratorydata-network");
        Assert.Equal(["7000", "7100"], policy.Spec.Ingress.Single(r => r.FromProperty is null).Ports.Select(p => p.Port.ToString()));
        Assert.Equal(cluster.Select(p => p.ToString()), policy.Spec.Ingress.Single(r => r.FromProperty is not null).Ports.Select(p => p.Port.ToString()));

        var options = container.Env.Single(e => e.Name == "MIGRATORYDATA_EXTRA_OPTS").Value;
        Assert.Contains("-DListen=*:7000", options.Split(' '));
        Assert.Contains("-DMonitorPrometheus.Listen=*:7100", options.Split(' '));
        const string domain = "migratorydata-hs.migratory.svc.cluster.local";
        var pod = StartupScriptRun.Run(container.Command[^1], "migratorydata-0", domain, new Dictionary<string, string>());
        Assert.Equal(ClusterTopology.Create("migratorydata", 3, 5, 3, DeliveryMode.Guaranteed, 7001).ClusterMembers(domain), pod.Item("ClusterMembers"));
    }

    [Fact]
    public void Standard_delivery_drops_the_seed_count()
    {
        var set = new ManifestSet(PublishRun.Render("MigratoryData:DeliveryMode=Standard").Manifests);
        var options = set.Container.Env.Single(e => e.Name == "MIGRATORYDATA_EXTRA_OPTS").Value.Split(' ');

        Assert.Contains("-DClusterDeliveryMode=Standard", options);
        Assert.DoesNotContain(options, o => o.StartsWith("-DClusterSeedMemberCount=", StringComparison.Ordinal));
    }

    [Fact]
    public void A_namespace_change_reaches_every_object_azure_yaml_and_the_pods_domain()
    {
        var run = PublishRun.Render("MigratoryData:Namespace=mdprod");
        var set = new ManifestSet(run.Manifests);

        Assert.Equal("mdprod", set.Single<V1Namespace>().Metadata.Name);
        Assert.All(set.Objects.Skip(1), o => Assert.Equal("mdprod", ((IMetadata<V1ObjectMeta>)o).Metadata.NamespaceProperty));
        Assert.Contains("namespace: mdprod", run.Files["azure.yaml"]);
        Assert.Contains("namespace='mdprod'", run.Files["hooks/postdeploy.sh"]);
        Assert.DoesNotContain("migratory\n", run.Files["azure.yaml"]);

        const string domain = "migratorydata-hs.mdprod.svc.cluster.local";
        var pod = StartupScriptRun.Run(set.Container.Command[^1], "migratorydata-2", domain, new Dictionary<string, string>());
        Assert.Equal("migratorydata-2." + domain + ":8801", pod.Item("ClusterMemberListen"));
    }

    [Fact]
    public void Every_optional_hardening_can_be_turned_off_and_knobs_change_their_fields()
    {
        var run = PublishRun.Render(
            "MigratoryData:Kubernetes:Autoscaling=false", "MigratoryData:Kubernetes:NetworkPolicy=false",
            "MigratoryData:Kubernetes:SecurityContext=false",
            "MigratoryData:Kubernetes:ZoneSpread=Off", "MigratoryData:Kubernetes:ImagePullPolicy=Always",
            "MigratoryData:Kubernetes:CpuLimit=", "MigratoryData:Kubernetes:ServicePort=8080",
            "MigratoryData:Kubernetes:TerminationGracePeriodSeconds=120", "MigratoryData:Kubernetes:UnhealthyPodEvictionPolicy=IfHealthyBudget",
            "MigratoryData:Kubernetes:NodeCount=4", "MigratoryData:Kubernetes:NodeVmSize=Standard_D4s_v5");
        var set = new ManifestSet(run.Manifests);
        var statefulSet = set.Single<V1StatefulSet>();

        // Without an autoscaler the StatefulSet pins the replica count itself.
        Assert.Empty(set.All<V2HorizontalPodAutoscaler>());
        Assert.Equal(3, statefulSet.Spec.Replicas);
        Assert.Empty(set.All<V1NetworkPolicy>());
        Assert.DoesNotContain("07-autoscaler.yaml", run.Manifests["Kustomization"]);
        Assert.DoesNotContain("04-networkpolicy.yaml", run.Manifests["Kustomization"]);
        Assert.Null(set.Container.SecurityContext);
        Assert.Null(statefulSet.Spec.Template.Metadata.Annotations);
        Assert.Null(statefulSet.Spec.Template.Spec.TopologySpreadConstraints);
        Assert.Equal("Always", set.Container.ImagePullPolicy);
        Assert.False(set.Container.Resources.Limits.ContainsKey("cpu"));
        Assert.Equal(8080, set.Service("migratorydata-cs").Spec.Ports.Single().Port);
        Assert.Equal(120, statefulSet.Spec.Template.Spec.TerminationGracePeriodSeconds);
        Assert.Equal("IfHealthyBudget", set.Single<V1PodDisruptionBudget>().Spec.UnhealthyPodEvictionPolicy);
        Assert.Contains("\"value\": 4", run.Files["infra/main.parameters.json"]);
        Assert.Contains("\"value\": \"Standard_D4s_v5\"", run.Files["infra/main.parameters.json"]);
    }

    [Fact]
    public async Task Republishing_into_the_same_folder_removes_files_a_setting_no_longer_produces()
    {
        var first = await PublishRun.PublishAsync();
        Assert.True(first.Manifests.ContainsKey("07-autoscaler.yaml"));
        // azd's environment folder lives next to azure.yaml; publishing must leave it alone.
        Directory.CreateDirectory(Path.Combine(first.Directory, ".azure", "dev"));
        File.WriteAllText(Path.Combine(first.Directory, ".azure", "dev", ".env"), "AZURE_ENV_NAME=dev\n");

        var second = await PublishRun.PublishIntoAsync(first.Directory, "MigratoryData:Kubernetes:Autoscaling=false");

        Assert.False(second.Manifests.ContainsKey("07-autoscaler.yaml"));
        Assert.Equal("AZURE_ENV_NAME=dev\n", second.Files[".azure/dev/.env"]);
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(first.Directory)!, "." + Path.GetFileName(first.Directory) + ".*"));
    }
}
