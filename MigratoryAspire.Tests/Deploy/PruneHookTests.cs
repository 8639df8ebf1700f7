using MigratoryAspire.Tests.Support;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing;
using MigratoryAspire.AppHost.Publishing.Azd;
using MigratoryAspire.AppHost.Publishing.Kubernetes;

namespace MigratoryAspire.Tests.Deploy;

/// <summary>
/// The post-deploy hook the publisher writes (<c>hooks/postdeploy.sh</c>), run with sh against the recording kubectl
/// double: it deletes exactly the labelled objects that left the model and nothing else. What the double does not
/// prove (the API server's own selector and delete semantics) is in its header.
/// </summary>
public sealed class PruneHookTests : IDisposable
{
    private const string Ours = "app=migratorydata,app.kubernetes.io/managed-by=migratoryaspire,app.kubernetes.io/part-of=migratorydata,app.kubernetes.io/instance=migratorydata";
    private readonly DeployDoubles _doubles = new();

    public void Dispose() => _doubles.Dispose();

    [Fact]
    public async Task Objects_that_left_the_model_are_deleted_and_nothing_else()
    {
        // The cluster after a deploy with the defaults, plus things this model did not create.
        File.WriteAllLines(_doubles.Objects, [
            $"secrets secret/migratorydata-secrets migratory {Ours}",
            $"services service/migratorydata-cs migratory {Ours}",
            $"services service/migratorydata-hs migratory {Ours}",
            $"networkpolicies.networking.k8s.io networkpolicy.networking.k8s.io/migratorydata-network migratory {Ours}",
            $"poddisruptionbudgets.policy poddisruptionbudget.policy/migratorydata-pdb migratory {Ours}",
            $"statefulsets.apps statefulset.apps/migratorydata migratory {Ours}",
            $"horizontalpodautoscalers.autoscaling horizontalpodautoscaler.autoscaling/migratorydata-autoscale migratory {Ours}",
            // A future object of a kind the model may emit (a ConfigMap), from an earlier version of the model.
            $"configmaps configmap/migratorydata-old-settings migratory {Ours}",
            // Not ours: a user's object in the namespace, another cluster's object, our label in another namespace.
            "configmaps configmap/team-notes migratory app=migratorydata",
            "services service/other-cs migratory app.kubernetes.io/managed-by=migratoryaspire,app.kubernetes.io/instance=other",
            $"services service/migratorydata-cs elsewhere {Ours}",
        ]);

        var result = await RunHookAsync(o => { o.Kubernetes.Autoscaling = false; o.Kubernetes.NetworkPolicy = false; });

        Assert.True(result.ExitCode == 0, string.Join("\n", result.ErrorLines) + result.Output);
        var deletes = _doubles.CallsOf("kubectl").Where(c => c.Args[0] == "delete").Select(c => c.CommandLine).ToArray();
        Assert.Equal(
            [
                "delete networkpolicy.networking.k8s.io/migratorydata-network --namespace migratory --ignore-not-found",
                "delete horizontalpodautoscaler.autoscaling/migratorydata-autoscale --namespace migratory --ignore-not-found",
                "delete configmap/migratorydata-old-settings --namespace migratory --ignore-not-found",
            ],
            deletes);
        Assert.Equal(
            [
                "secret/migratorydata-secrets migratory",
                "service/migratorydata-cs migratory",
                "service/migratorydata-hs migratory",
                "poddisruptionbudget.policy/migratorydata-pdb migratory",
                "statefulset.apps/migratorydata migratory",
                "configmap/team-notes migratory",
                "service/other-cs migratory",
                "service/migratorydata-cs elsewhere",
            ],
            _doubles.ObjectsLeft);
        Assert.Contains("prune: deleting horizontalpodautoscaler.autoscaling/migratorydata-autoscale", result.Output);
        // The namespace is never a candidate: no namespaced listing can return it, and no delete names it.
        Assert.DoesNotContain(_doubles.Calls, c => c.CommandLine.Contains("namespace/", StringComparison.Ordinal));
        Assert.Equal("rollout", _doubles.Calls[^1].Args[0]);
    }

    [Fact]
    public async Task An_unchanged_model_deletes_nothing()
    {
        File.WriteAllLines(_doubles.Objects, [
            $"services service/migratorydata-cs migratory {Ours}",
            $"statefulsets.apps statefulset.apps/migratorydata migratory {Ours}",
            $"horizontalpodautoscalers.autoscaling horizontalpodautoscaler.autoscaling/migratorydata-autoscale migratory {Ours}",
            $"networkpolicies.networking.k8s.io networkpolicy.networking.k8s.io/migratorydata-network migratory {Ours}",
        ]);

        var result = await RunHookAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(_doubles.Calls, c => c.Args[0] == "delete");
        Assert.Equal(4, _doubles.ObjectsLeft.Count);
    }

    [Fact]
    public void Every_emitted_object_carries_the_labels_the_prune_selects_by_and_its_kind_is_listed()
    {
        var options = new MigratoryDataClusterOptions();
        var manifests = KubernetesManifestMapper.Map(options, options.ToTopology("migratorydata"));
        var selector = manifests.Names.PruneSelector.Split(',').Select(p => p.Split('=')).ToArray();

        Assert.NotEmpty(manifests.NamespacedObjects);
        foreach (var o in manifests.NamespacedObjects)
        {
            Assert.All(selector, kv => Assert.Equal(kv[1], o.Metadata.Labels[kv[0]]));
            var group = o.ApiVersion.Contains('/') ? o.ApiVersion.Split('/')[0] : "";
            Assert.Contains(PostDeployHookWriter.PrunableKinds, k => k.Kind == o.Kind && k.Group == group);
        }

        // Selectors stay the tutorial's: a StatefulSet's selector cannot change on a live cluster.
        Assert.Equal(new Dictionary<string, string> { ["app"] = "migratorydata" }, manifests.StatefulSet.Spec.Selector.MatchLabels);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "migratorydata" }, manifests.StatefulSet.Spec.Template.Metadata.Labels);
        Assert.DoesNotContain(PostDeployHookWriter.PrunableKinds, k => k.Kind is "Namespace" or "PersistentVolumeClaim" or "Pod");
    }

    [Fact]
    public void The_hook_lists_the_emitted_objects_as_kubectl_names_them()
    {
        var options = new MigratoryDataClusterOptions();
        var files = MigratoryDataPublisher.Render(options, options.ToTopology("migratorydata"), TestMonitorLocation.DeployFolder);
        var script = files[PostDeployHookWriter.Path];
        var manifests = KubernetesManifestMapper.Map(options, options.ToTopology("migratorydata"));

        Assert.Contains("""
            current='networkpolicy.networking.k8s.io/migratorydata-monitor-network
            deployment.apps/migratorydata-monitor
            secret/migratorydata-secrets
            service/migratorydata-cs
            service/migratorydata-hs
            networkpolicy.networking.k8s.io/migratorydata-network
            poddisruptionbudget.policy/migratorydata-pdb
            statefulset.apps/migratorydata
            horizontalpodautoscaler.autoscaling/migratorydata-autoscale
            service/migratorydata-dashboard
            networkpolicy.networking.k8s.io/migratorydata-dashboard-network
            deployment.apps/migratorydata-dashboard'
            """, script);
        Assert.Contains("selector='app.kubernetes.io/managed-by=migratoryaspire,app.kubernetes.io/instance=migratorydata'", script);
        // Read back from the files, the list is the mapper's objects: nothing written is ever a prune candidate.
        Assert.Equal(manifests.NamespacedObjects.Select(o => PostDeployHookWriter.ObjectName(o.ApiVersion, o.Kind, o.Metadata.Name)).Order(),
            PostDeployHookWriter.EmittedObjects(files).Order());
    }

    [Fact]
    public void An_object_in_any_published_yaml_file_is_kept_whatever_emits_it()
    {
        var files = new Dictionary<string, string>
        {
            ["azure.yaml"] = "name: migratorydata\nservices:\n  metadata:\n    name: not-an-object\n",
            ["monitor/manifests/10-monitor.yaml"] = """
                # a later writer's file
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  labels:
                    name: label-not-name
                  name: migratorydata-monitor
                  namespace: migratory
                spec:
                  template:
                    metadata:
                      name: pod-template
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: migratorydata-monitor
                """,
            ["manifests/00-namespace.yaml"] = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: migratory\n",
        };

        Assert.Equal(["deployment.apps/migratorydata-monitor", "service/migratorydata-monitor"], PostDeployHookWriter.EmittedObjects(files));
    }

    private async Task<AppHost.Deploy.ToolResult> RunHookAsync(Action<MigratoryDataClusterOptions>? change = null)
    {
        var options = new MigratoryDataClusterOptions();
        change?.Invoke(options);
        AtomicOutputWriter.Write(_doubles.Project, MigratoryDataPublisher.Render(options, options.ToTopology("migratorydata"), TestMonitorLocation.DeployFolder));
        return await _doubles.Runner().RunAsync("sh", [PostDeployHookWriter.Path], _doubles.Project, onLine: null, CancellationToken.None);
    }
}
