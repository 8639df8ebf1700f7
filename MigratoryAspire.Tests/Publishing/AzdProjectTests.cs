using MigratoryAspire.Tests.Support;
using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>The azd side of the output: azure.yaml as azd accepts it for AKS, and Bicep that really compiles.</summary>
public class AzdProjectTests
{
    // The aksOptions properties azd's azure.yaml schema (v1.0) allows; it sets additionalProperties to false.
    private static readonly string[] AksOptionKeys = ["deploymentPath", "namespace", "deployment", "service", "ingress", "helm", "kustomize"];

    [Fact]
    public async Task Azure_yaml_declares_the_members_prebuilt_aks_service_pointing_at_the_client_load_balancer()
    {
        var run = await PublishRun.Default;
        var root = Load(run.Files["azure.yaml"]);

        Assert.Equal("migratorydata", Scalar(root, "name"));
        var services = (YamlMappingNode)root["services"];
        Assert.Equal(["migratorydata", "migratorydata-monitor"], services.Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        var service = (YamlMappingNode)services["migratorydata"];
        Assert.Equal("aks", Scalar(service, "host"));
        // A prebuilt image: nothing for azd to build or push (the schema forbids image/env/apiVersion for aks).
        foreach (var absent in new[] { "project", "language", "image", "docker", "env", "apiVersion" })
        {
            Assert.False(service.Children.ContainsKey(absent), $"{absent} must not be set");
        }

        var k8s = (YamlMappingNode)service["k8s"];
        Assert.All(k8s.Children.Keys, k => Assert.Contains(((YamlScalarNode)k).Value, AksOptionKeys));
        Assert.Equal("migratory", Scalar(k8s, "namespace"));
        Assert.Equal("manifests", Scalar(k8s, "deploymentPath"));
        Assert.Contains(run.Files.Keys, f => f.StartsWith("manifests/", StringComparison.Ordinal) && f.EndsWith(".yaml", StringComparison.Ordinal));

        // azd takes the first Service whose name contains service.name: it must be the LoadBalancer and only it.
        var serviceName = Scalar((YamlMappingNode)k8s["service"], "name");
        var set = new ManifestSet(run.Manifests);
        var matching = set.All<V1Service>().Where(s => s.Metadata.Name.Contains(serviceName!, StringComparison.Ordinal)).ToArray();
        Assert.Equal("LoadBalancer", Assert.Single(matching).Spec.Type);

        // azd waits only for Deployments; the hook prunes, then waits for the members (one sh script for every OS).
        var postdeploy = (YamlMappingNode)((YamlMappingNode)service["hooks"])["postdeploy"];
        Assert.Equal("sh", Scalar(postdeploy, "shell"));
        Assert.Equal("sh hooks/postdeploy.sh", Scalar(postdeploy, "run"));
        Assert.Contains($"kubectl rollout status \"statefulset/$statefulset\" --namespace \"$namespace\"", run.Files["hooks/postdeploy.sh"]);
        Assert.Contains($"statefulset='{set.Single<V1StatefulSet>().Metadata.Name}'", run.Files["hooks/postdeploy.sh"]);
    }

    [Fact]
    public async Task Azure_yaml_builds_the_monitor_from_its_project_and_each_service_waits_for_its_own_objects_only()
    {
        var run = await PublishRun.Default;
        var services = (YamlMappingNode)Load(run.Files["azure.yaml"])["services"];
        var monitor = (YamlMappingNode)services["migratorydata-monitor"];

        // Built by azd with the .NET SDK's container support: a dotnet project without a Dockerfile.
        Assert.Equal("dotnet", Scalar(monitor, "language"));
        Assert.Equal("aks", Scalar(monitor, "host"));
        var project = Path.GetFullPath(Path.Combine(run.Directory, Scalar(monitor, "project")!));
        Assert.True(File.Exists(Path.Combine(project, "MigratoryAspire.Monitor.csproj")), project);
        Assert.False(File.Exists(Path.Combine(project, "Dockerfile")));
        Assert.Equal("migratorydata", Assert.Single(((YamlSequenceNode)monitor["uses"]).Children).ToString());

        // azd reads deploymentPath relative to the project: it must land on the output's monitor folder, outside manifests/
        // (azd applies a deploymentPath's sub-folders too).
        var monitorK8s = (YamlMappingNode)monitor["k8s"];
        Assert.All(monitorK8s.Children.Keys, k => Assert.Contains(((YamlScalarNode)k).Value, AksOptionKeys));
        var deploymentPath = Path.GetFullPath(Path.Combine(project, Scalar(monitorK8s, "deploymentPath")!));
        Assert.Equal(Path.Combine(run.Directory, "manifests-monitor"), deploymentPath);
        var monitorSet = new ManifestSet(run.Folder("manifests-monitor"),
            new Dictionary<string, string> { ["SERVICE_MIGRATORYDATA_MONITOR_IMAGE_NAME"] = "cr123.azurecr.io/migratorydata/migratorydata-monitor-dev:azd-deploy-1" });
        Assert.Equal("cr123.azurecr.io/migratorydata/migratorydata-monitor-dev:azd-deploy-1",
            Assert.Single(monitorSet.Single<V1Deployment>().Spec.Template.Spec.Containers).Image);

        // azd waits for the first Deployment whose name contains the filter (default: the service name). Each service's
        // filter matches exactly its own Deployment, in its own folder.
        var membersSet = new ManifestSet(run.Manifests);
        var memberFilter = Scalar((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)services["migratorydata"])["k8s"])["deployment"], "name")!;
        var allDeployments = membersSet.All<V1Deployment>().Concat(monitorSet.All<V1Deployment>()).Select(d => d.Metadata.Name).ToArray();
        Assert.Equal(["migratorydata-dashboard", "migratorydata-monitor"], allDeployments.Order());
        Assert.Equal(["migratorydata-dashboard"], allDeployments.Where(n => n.Contains(memberFilter, StringComparison.Ordinal)));
        Assert.Equal(["migratorydata-dashboard"], membersSet.All<V1Deployment>().Select(d => d.Metadata.Name));
        Assert.Equal(["migratorydata-monitor"], allDeployments.Where(n => n.Contains("migratorydata-monitor", StringComparison.Ordinal)));
        Assert.Equal(["migratorydata-monitor"], monitorSet.All<V1Deployment>().Select(d => d.Metadata.Name));
        // The monitor's default Service filter (its name) matches no Service, so azd records no endpoint for it.
        Assert.DoesNotContain(membersSet.All<V1Service>(), s => s.Metadata.Name.Contains("migratorydata-monitor", StringComparison.Ordinal));

        // The predeploy hook generates the token and password only when absent, passing them on stdin, not as arguments.
        var predeploy = Scalar((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)services["migratorydata"])["hooks"])["predeploy"])["posix"], "run")!;
        Assert.Contains("[ -n \"${MIGRATORYDATA_DASHBOARD_TOKEN:-}\" ] ||", predeploy);
        Assert.Contains("azd env set --file /dev/stdin", predeploy);
        Assert.DoesNotContain("azd env set MIGRATORYDATA", predeploy);
    }

    [Fact]
    public async Task Bicep_builds_without_errors_or_warnings_and_outputs_what_azd_needs()
    {
        var run = await PublishRun.Default;
        var outDir = Directory.CreateTempSubdirectory("md-bicep-").FullName;
        var (exitCode, output) = BicepCli.Run("build", Path.Combine(run.Directory, "infra", "main.bicep"), "--outdir", outDir);

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("Error", output);
        Assert.DoesNotContain("Warning", output);

        var arm = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "main.json")))!;
        Assert.Equal("https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#", (string?)arm["$schema"]);
        var outputs = arm["outputs"]!.AsObject();
        Assert.Contains("AZURE_AKS_CLUSTER_NAME", outputs.Select(o => o.Key));
        Assert.Contains("AZURE_RESOURCE_GROUP", outputs.Select(o => o.Key));
        // azd pushes the monitor image to the registry it finds here; the kubelet pulls with AcrPull, no secret.
        Assert.Contains("AZURE_CONTAINER_REGISTRY_ENDPOINT", outputs.Select(o => o.Key));

        // Every required template parameter gets a value from main.parameters.json, and no unknown one is passed.
        var parameters = arm["parameters"]!.AsObject();
        var given = JsonNode.Parse(run.Files["infra/main.parameters.json"])!["parameters"]!.AsObject();
        Assert.All(given.Select(p => p.Key), k => Assert.Contains(k, parameters.Select(p => p.Key)));
        Assert.All(parameters.Where(p => p.Value!["defaultValue"] is null), p => Assert.Contains(p.Key, given.Select(g => g.Key)));
        Assert.Equal("${AZURE_ENV_NAME}", (string?)given["environmentName"]!["value"]);
        Assert.Equal(3, (int)given["nodeCount"]!["value"]!);
        Assert.Equal(5, (int)given["nodeMaxCount"]!["value"]!);

        // The cluster as the tutorial's az aks create made it, tagged so azd finds it for the service.
        var aks = File.ReadAllText(Path.Combine(run.Directory, "infra", "aks.bicep"));
        Assert.Contains("'azd-service-name': serviceName", aks);
        Assert.Contains("serviceName: 'migratorydata'", run.Files["infra/main.bicep"]);
        Assert.Contains("type: 'VirtualMachineScaleSets'", aks);
        Assert.Contains("enableAutoScaling: true", aks);
        Assert.Contains("loadBalancerSku: 'standard'", aks);
        Assert.Contains("type: 'SystemAssigned'", aks);
        Assert.DoesNotContain("br/public:", run.Files["infra/main.bicep"] + aks);
        Assert.Contains("'Microsoft.ContainerRegistry/registries@", aks);
        Assert.Contains("principalId: cluster.properties.identityProfile.kubeletidentity.objectId", aks);
        Assert.Contains("7f951dda-4ed3-4680-a7ca-43fe172d538d", aks); // AcrPull
        // Managed Prometheus is a setting, off by default.
        Assert.False((bool)given["enableManagedPrometheus"]!["value"]!);
        Assert.Contains("azureMonitorProfile: enableManagedPrometheus ?", aks);
    }

    [Fact]
    public void Bicep_gate_catches_a_warning()
    {
        // The gate above is only worth something if bicep reports mistakes of this kind as warnings.
        var dir = Directory.CreateTempSubdirectory("md-bicep-bad-").FullName;
        File.WriteAllText(Path.Combine(dir, "bad.bicep"), """
            resource c 'Microsoft.ContainerService/managedClusters@2025-10-01' = {
              name: 'x'
              location: 'eastus'
              properties: { kubernetesVersoin: '1.33' }
            }
            """);
        var (_, output) = BicepCli.Run("build", Path.Combine(dir, "bad.bicep"), "--stdout");
        Assert.Contains("Warning", output);
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value;
}
