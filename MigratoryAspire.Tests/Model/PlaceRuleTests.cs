using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing;
using MigratoryAspire.AppHost.Publishing.Kubernetes;
using MigratoryAspire.Tests.Publishing;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Model;

/// <summary>
/// Each place a setting lands has its own rules (image references, env values the kubelet expands, the image's option
/// splitting, the JVM inside a memory limit, Azure names): a value either passes them or is refused up front.
/// </summary>
public class PlaceRuleTests
{
    private static OptionsValidationResult Validate(Action<MigratoryDataClusterOptions> change)
    {
        var options = new MigratoryDataClusterOptions();
        change(options);
        return MigratoryDataClusterOptionsValidator.Validate("migratorydata", options);
    }

    [Theory]
    [InlineData("migratorydata/server")]
    [InlineData("server")]
    [InlineData("localhost/server")]
    [InlineData("localhost:5000/team/server")]
    [InlineData("myregistry.azurecr.io/migratorydata/server")]
    [InlineData("Registry.Example.com:443/a/b__c")]
    [InlineData("a-b/c_d/e--f/g.h")]
    public void A_valid_image_name_passes(string image) => Assert.Empty(Validate(o => o.Image = image).Errors);

    [Theory]
    [InlineData("MigratoryData/Server", "the path component 'MigratoryData' is not lower-case letters and digits")]
    [InlineData("docker.io/MigratoryData/server", "the path component 'MigratoryData'")]
    [InlineData("migratorydata/server:6.0", "it has a tag")]
    [InlineData("localhost:5000/server:6.0", "it has a tag")]
    [InlineData("a//b", "the path component ''")]
    [InlineData("-a/b", "the path component '-a'")]
    [InlineData("a_/b", "the path component 'a_'")]
    [InlineData("reg.io:http/x", "the registry host 'reg.io:http'")]
    [InlineData("migratorydata/server@sha256:0000000000000000000000000000000000000000000000000000000000000000", "it has a digest")]
    [InlineData("", "it is empty")]
    public void An_image_name_the_kubelet_would_refuse_is_refused(string image, string reason)
    {
        var error = Assert.Single(Validate(o => o.Image = image).Errors);
        Assert.StartsWith($"MigratoryData:Image is '{image}', but it must be an image name without tag", error);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void An_image_name_longer_than_255_characters_is_refused() =>
        Assert.Contains("longer than 255", Assert.Single(Validate(o => o.Image = "a/" + new string('b', 254)).Errors));

    [Theory]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("a b")]
    [InlineData("sha256:abc")]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000X")]
    public void A_tag_the_kubelet_would_refuse_is_refused(string tag) =>
        Assert.StartsWith($"MigratoryData:Tag is '{tag}', but it must be an image tag", Assert.Single(Validate(o => o.Tag = tag).Errors));

    [Fact]
    public void A_tag_may_be_129_characters_at_most() =>
        Assert.Single(Validate(o => o.Tag = new string('a', 129)).Errors);

    [Fact]
    public void A_digest_pins_the_image_by_content_in_the_manifest()
    {
        var digest = "sha256:" + new string('a', 64);
        var options = new MigratoryDataClusterOptions { Tag = digest, Image = "myregistry.azurecr.io/md/server" };
        Assert.Empty(MigratoryDataClusterOptionsValidator.Validate("migratorydata", options).Errors);

        var statefulSet = KubernetesManifestMapper.Map(options, options.ToTopology("migratorydata")).StatefulSet;

        Assert.Equal($"myregistry.azurecr.io/md/server@{digest}", statefulSet.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public void A_heap_that_leaves_no_room_below_the_memory_limit_is_refused()
    {
        // The issue's example: 8 GB of heap in the default 1Gi container.
        var error = Assert.Single(Validate(o => o.Memory = "8192MB").Errors);
        Assert.Equal("MigratoryData:Memory is '8192MB', but with MigratoryData:Kubernetes:MemoryLimit '1Gi' it must be at most 768MB: " +
                     "the heap may take at most 75 % of the memory limit and must leave at least 256 MiB for the JVM's other memory, " +
                     "or the pod is OOM-killed. Lower Memory or raise MemoryLimit.", error);

        Assert.Empty(Validate(o => o.Memory = "768MB").Errors);
        Assert.Single(Validate(o => o.Memory = "769MB").Errors);
        // Small limits: 256 MiB must stay free, stricter than 75 %.
        Assert.Contains("at most 256MB", Assert.Single(Validate(o => { o.Memory = "300MB"; o.Kubernetes.MemoryLimit = "512Mi"; }).Errors));
        // No limit: nothing to exceed.
        Assert.Empty(Validate(o => { o.Memory = "8192MB"; o.Kubernetes.MemoryLimit = ""; o.Kubernetes.MemoryRequest = "10Gi"; }).Errors);
    }

    [Fact]
    public void A_thin_headroom_and_a_heap_above_the_request_warn()
    {
        var warnings = Validate(o => o.Memory = "600MB").Warnings;

        Assert.Contains(warnings, w => w.StartsWith("MigratoryData:Memory '600MB' is more than half of MigratoryData:Kubernetes:MemoryLimit '1Gi'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("MigratoryData:Memory '600MB' is more than MigratoryData:Kubernetes:MemoryRequest '256Mi'", StringComparison.Ordinal));
        Assert.DoesNotContain(Validate(_ => { }).Warnings, w => w.Contains("MigratoryData:Memory", StringComparison.Ordinal));
    }

    [Fact]
    public void Env_values_reach_the_container_unchanged_through_the_kubelets_expansion()
    {
        var options = new MigratoryDataClusterOptions { JavaExtraOptions = "-Dpath=$(HOME)/x -Dcost=$$5 -Dend=$" };
        options.ExtraOptions["Greeting"] = "$(POD_NAME)";
        var env = KubernetesManifestMapper.Map(options, options.ToTopology("migratorydata")).StatefulSet.Spec.Template.Spec.Containers[0].Env;
        var variables = env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);
        // Variables the kubelet could substitute: every one the pod defines, plus one more a $(...) might name.
        var defined = variables.Keys.Append("HOME").Append("POD_NAME").ToDictionary(k => k, _ => "EXPANDED");

        Assert.Equal(options.JavaExtraOptions, KubeletExpand(variables["MIGRATORYDATA_JAVA_EXTRA_OPTS"], defined));
        Assert.Contains("-DGreeting=$(POD_NAME)", KubeletExpand(variables["MIGRATORYDATA_EXTRA_OPTS"], defined), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a*")]
    [InlineData("file?.txt")]
    [InlineData("[abc]")]
    public void A_server_parameter_value_with_a_shell_pattern_is_refused(string value) =>
        Assert.Contains("must not contain '*', '?' or '['",
            Assert.Single(Validate(o => o.ExtraOptions["Foo"] = value).Errors));

    [Fact]
    public void A_monitor_user_name_with_a_shell_pattern_is_refused() =>
        Assert.StartsWith("MigratoryData:MonitorUsername is 'ad*', but it must be non-empty, without whitespace, '&', '*', '?' or '['",
            Assert.Single(Validate(o => o.MonitorUsername = "ad*").Errors));

    /// <summary>
    /// The Azure names main.bicep derives from azd's environment name, evaluated by the real bicep for names at every
    /// edge of azd's rule (1-64 letters, digits, '-', '_', '.', '(' and ')') and a deterministic sample of random ones.
    /// </summary>
    [Fact]
    public void Every_azure_name_derived_from_an_azd_environment_name_is_valid()
    {
        const string allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.()";
        var names = new List<string> { "dev", "a", "-", "_", ".", "(", ")", "x.", "x_", "x-", "(x)", "a.b", "My_Env(1).",
            new('a', 64), new('.', 64), new('(', 64), new('_', 64), new('-', 64), new string('a', 59) + ".....", new string('a', 50) + "_____" };
        var random = new Random(8);
        for (var i = 0; i < 60; i++)
        {
            names.Add(new string(Enumerable.Range(0, random.Next(1, 65)).Select(_ => allowed[random.Next(allowed.Length)]).ToArray()));
        }

        var folder = Directory.CreateTempSubdirectory("md-names-").FullName;
        var infra = MigratoryDataPublisher.Render(new MigratoryDataClusterOptions(), new MigratoryDataClusterOptions().ToTopology("migratorydata"), TestMonitorLocation.DeployFolder);
        File.WriteAllText(Path.Combine(folder, "names.bicep"), infra["infra/names.bicep"]);
        var parameters = new StringBuilder("using 'evaluate.bicep'\nimport * as names from 'names.bicep'\nparam all = [\n");
        // uniqueString gives 13 lower-case letters and digits; the longest Azure region name has 18 characters.
        const string suffix = "q7rx2k", location = "germanywestcentral";
        foreach (var name in names)
        {
            var env = name.Replace("'", "\\'", StringComparison.Ordinal);
            parameters.Append($"  {{ rg: names.resourceGroupName('{env}', '{suffix}'), aks: names.clusterName('{env}', '{suffix}'), ")
                .Append($"dns: names.dnsPrefix(names.clusterName('{env}', '{suffix}'), '{suffix}'), ")
                .Append($"node: names.nodeResourceGroup(names.resourceGroupName('{env}', '{suffix}'), names.clusterName('{env}', '{suffix}'), '{location}', '{suffix}') }}\n");
        }
        parameters.Append("]\n");
        File.WriteAllText(Path.Combine(folder, "evaluate.bicep"), "param all array\noutput count int = length(all)\n");
        File.WriteAllText(Path.Combine(folder, "evaluate.bicepparam"), parameters.ToString());

        var (exitCode, output) = BicepCli.Run("build-params", Path.Combine(folder, "evaluate.bicepparam"), "--outfile", Path.Combine(folder, "values.json"));
        Assert.True(exitCode == 0, output);
        var values = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "values.json"))).RootElement
            .GetProperty("parameters").GetProperty("all").GetProperty("value").EnumerateArray().ToArray();
        Assert.Equal(names.Count, values.Length);
        string Value(int i, string key) => values[i].GetProperty(key).GetString()!;

        for (var i = 0; i < names.Count; i++)
        {
            var (rg, aks, dns, node) = (Value(i, "rg"), Value(i, "aks"), Value(i, "dns"), Value(i, "node"));
            var context = $"environment name '{names[i]}'";
            // Azure resource group names: 1-90 of letters, digits, '-', '_', '.', '(' and ')', not ending in '.'.
            Assert.Matches(@"^[-a-zA-Z0-9_.()]{1,90}$", rg);
            Assert.False(rg.EndsWith('.'), $"{context}: resource group '{rg}' ends in '.'");
            Assert.False(node.EndsWith('.'), $"{context}: node resource group '{node}' ends in '.'");
            Assert.Matches(@"^[-a-zA-Z0-9_.()]{1,80}$", node);
            // AKS: cluster name 1-63, dnsPrefix 1-54 (Microsoft.ContainerService/managedClusters).
            Assert.True(Regex.IsMatch(aks, "^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$"), $"{context}: cluster name '{aks}'");
            Assert.True(Regex.IsMatch(dns, "^[a-zA-Z0-9]$|^[a-zA-Z0-9][-a-zA-Z0-9]{0,52}[a-zA-Z0-9]$"), $"{context}: dnsPrefix '{dns}'");
        }

        // A name that needs no change keeps azd's conventional shape.
        Assert.Equal(("rg-dev", "aks-dev", "aks-dev", $"MC_rg-dev_aks-dev_{location}"), (Value(0, "rg"), Value(0, "aks"), Value(0, "dns"), Value(0, "node")));
    }

    /// <summary>The kubelet's env expansion (Kubernetes API reference, EnvVar.value): $(NAME) of a defined variable is
    /// replaced, $$ becomes $, anything else stays.</summary>
    private static string KubeletExpand(string value, IReadOnlyDictionary<string, string> defined)
    {
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '(' && value.IndexOf(')', i) is var close and > 0 &&
                     defined.TryGetValue(value[(i + 2)..close], out var replacement))
            {
                result.Append(replacement);
                i = close;
            }
            else
            {
                result.Append(value[i]);
            }
        }

        return result.ToString();
    }
}
