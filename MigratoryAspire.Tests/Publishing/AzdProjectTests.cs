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
    public async Task Azure_yaml_declares_one_prebuilt_aks_service_pointing_at_the_client_load_balancer()
    {
        var run = await PublishRun.Default;
        var root = Load(run.Files["azure.yaml"]);

        Assert.Equal("migratorydata", Scalar(root, "name"));
        var services = (YamlMappingNode)root["services"];
        var (key, node) = Assert.Single(services.Children);
        var service = (YamlMappingNode)node;
        Assert.Equal("migratorydata", ((YamlScalarNode)key).Value);
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
    public async Task Bicep_builds_without_errors_or_warnings_and_outputs_what_azd_needs()
    {
        var run = await PublishRun.Default;
        var outDir = Directory.CreateTempSubdirectory("md-bicep-").FullName;
        var (exitCode, output) = Bicep("build", Path.Combine(run.Directory, "infra", "main.bicep"), "--outdir", outDir);

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("Error", output);
        Assert.DoesNotContain("Warning", output);

        var arm = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "main.json")))!;
        Assert.Equal("https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#", (string?)arm["$schema"]);
        var outputs = arm["outputs"]!.AsObject();
        Assert.Contains("AZURE_AKS_CLUSTER_NAME", outputs.Select(o => o.Key));
        Assert.Contains("AZURE_RESOURCE_GROUP", outputs.Select(o => o.Key));

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
        var (_, output) = Bicep("build", Path.Combine(dir, "bad.bicep"), "--stdout");
        Assert.Contains("Warning", output);
    }

    private static (int ExitCode, string Output) Bicep(params string[] args)
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var bicep = Path.Combine(packages, "azure.bicep.commandline.linux-x64", "0.49.2", "tools", "bicep");
        Assert.True(File.Exists(bicep), $"bicep not found at {bicep}: the test project's PackageDownload of Azure.Bicep.CommandLine.linux-x64 0.49.2 provides it");

        var psi = new ProcessStartInfo(bicep, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000);
        return (process.ExitCode, stderr.Result + stdout.Result);
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value;
}
