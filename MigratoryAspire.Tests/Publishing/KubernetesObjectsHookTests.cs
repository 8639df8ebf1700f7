using Aspire.Hosting;
using k8s.Models;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing;
using MigratoryAspire.AppHost.Publishing.Azd;
using MigratoryAspire.AppHost.Publishing.Kubernetes;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>PublishAsKubernetesObjects: typed changes to the published objects, checked again before anything is written.</summary>
public class KubernetesObjectsHookTests
{
    private static IReadOnlyDictionary<string, string> Render(params Action<MigratoryDataKubernetesObjects>[] customizations)
    {
        var options = new MigratoryDataClusterOptions();
        return MigratoryDataPublisher.Render(options, options.ToTopology("migratorydata"), TestMonitorLocation.DeployFolder, customizations);
    }

    private static V1ConfigMap ExtraConfigMap() => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = "extra", NamespaceProperty = "migratory" },
        Data = new Dictionary<string, string> { ["k"] = "v" },
    };

    [Fact]
    public void Changes_reach_the_written_objects_and_added_objects_are_written_listed_and_kept_by_the_prune()
    {
        var files = Render(o =>
        {
            o.StatefulSet.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["agentpool"] = "realtime" };
            o.AdditionalObjects.Add(ExtraConfigMap());
        });

        var set = new ManifestSet(files.Where(f => f.Key.StartsWith("manifests/", StringComparison.Ordinal))
            .ToDictionary(f => f.Key["manifests/".Length..], f => f.Value));
        Assert.Equal("realtime", set.Single<V1StatefulSet>().Spec.Template.Spec.NodeSelector["agentpool"]);
        Assert.Equal("v", set.All<V1ConfigMap>().Single(c => c.Metadata.Name == "extra").Data["k"]);
        Assert.Contains("  - 90-configmap-extra.yaml\n", files["manifests/Kustomization"]);
        Assert.Contains("\nconfigmap/extra", files[PostDeployHookWriter.Path]);
    }

    [Fact]
    public void Objects_a_callback_leaves_invalid_stop_the_render_with_every_problem()
    {
        var failure = Assert.Throws<MigratoryDataException>(() => Render(o =>
        {
            o.StatefulSet.Spec.Template.Metadata.Labels = new Dictionary<string, string> { ["app"] = "other" };
            o.ClientService.Metadata.NamespaceProperty = "elsewhere";
            o.AdditionalObjects.Add(new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = new V1ObjectMeta() });
        }));

        Assert.Equal(MigratoryDataExitCodes.InvalidSettings, failure.ExitCode);
        Assert.Contains("StatefulSet 'migratorydata': spec.selector needs app=migratorydata, but the pod template's labels do not have it.", failure.Message);
        Assert.Contains("Service 'migratorydata-cs' is in namespace 'elsewhere', but the cluster's objects are in 'migratory' (MigratoryData:Namespace).", failure.Message);
        Assert.Contains("ConfigMap '' has no metadata.name.", failure.Message);
    }

    [Fact]
    public async Task The_publish_step_applies_the_callbacks_in_order()
    {
        var output = Directory.CreateTempSubdirectory("md-hook-").FullName;
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--operation", "publish", "--step", "publish", "--output-path", output],
            DisableDashboard = true,
        });
        builder.AddMigratoryDataCluster("migratorydata")
            .PublishAsKubernetesObjects(o => o.AdditionalObjects.Add(ExtraConfigMap()))
            .PublishAsKubernetesObjects(o => ((V1ConfigMap)o.AdditionalObjects.Single()).Data["k"] = "second");
        await using var app = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        await app.RunAsync(timeout.Token);

        Assert.Contains("k: second", File.ReadAllText(Path.Combine(output, "manifests", "90-configmap-extra.yaml")));
    }
}
