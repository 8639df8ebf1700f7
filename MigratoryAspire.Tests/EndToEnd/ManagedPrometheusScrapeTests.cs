using System.Text.Json;
using k8s.Models;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing;
using MigratoryAspire.AppHost.Publishing.Azd;
using MigratoryAspire.Tests.Publishing;
using MigratoryAspire.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// The scrape configuration published for Azure Monitor managed Prometheus (<c>ManagedPrometheus=true</c>), rendered as
/// azd renders it, checked by Debian's real Prometheus: <c>promtool check config</c> accepts it (all but the Kubernetes pod
/// discovery block, which Debian's build does not include), and a Prometheus server
/// running its job (with static loopback targets in place of the Kubernetes pod discovery, which needs an API server)
/// scrapes stand-in members (NOT MigratoryData) with the credentials, while a wrong password is refused.
/// </summary>
[Collection(ContainerTestsCollection.Name)]
public sealed class ManagedPrometheusScrapeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [PrometheusFact]
    public async Task StandIn_the_rendered_scrape_configuration_passes_promtool_and_scrapes_the_members_with_their_credentials()
    {
        const string password = "pw-4711.x_y~z";
        var config = ScrapeConfig(password);
        var work = Directory.CreateTempSubdirectory("md-prom-").FullName;
        var containers = new List<string>();
        try
        {
            // A password with YAML and Go-quoting hazards still renders to valid YAML holding exactly that value.
            var tricky = "p\"a\\ss: #{x}";
            Assert.Equal(tricky, Param(ScrapeConfig(tricky), "password"));
            Assert.Equal(password, Param(config, "password"));
            Assert.Equal("admin", Param(config, "username"));

            // Debian's Prometheus is built without Kubernetes service discovery (its client library is not packaged), so
            // promtool rejects kubernetes_sd_configs as an unknown field: it checks everything else, relabelling included.
            var discovery = config.IndexOf("    kubernetes_sd_configs:", StringComparison.Ordinal);
            var relabel = config.IndexOf("    relabel_configs:", StringComparison.Ordinal);
            Assert.True(discovery > 0 && relabel > discovery, config);
            Assert.Contains("      - role: pod\n        namespaces:\n          names: [migratory]\n", config[discovery..relabel]);
            var file = Path.Combine(work, "prometheus.yml");
            File.WriteAllText(file, config[..discovery] + config[relabel..]);
            var check = await ExternalCommand.RunAsync("promtool", ["check", "config", file], Timeout);
            Assert.True(check.ExitCode == 0, check.Describe("promtool check config"));

            // Two stand-in members with the published options and the password; their metrics port on loopback.
            await StandInImage.EnsureBuiltAsync();
            var run = await PublishRun.Default;
            var opts = new ManifestSet(run.Manifests).Container.Env.Single(e => e.Name == "MIGRATORYDATA_EXTRA_OPTS").Value;
            var targets = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                var name = $"md-prom-{Guid.NewGuid().ToString("N")[..8]}-{i}";
                var started = await ExternalCommand.RunAsync("docker",
                    ["run", "-d", "--name", name, "-p", "127.0.0.1::9900", "-e", $"MIGRATORYDATA_EXTRA_OPTS={opts} -DMonitorPassword={password}",
                     $"{StandInImage.Image}:{StandInImage.Tag}"], Timeout);
                Assert.True(started.ExitCode == 0, started.Describe("docker run"));
                containers.Add(name);
                var port = (await ExternalCommand.RunAsync("docker", ["port", name, "9900/tcp"], Timeout)).Output.Trim().Split('\n')[0].Split(':')[^1];
                targets.Add($"127.0.0.1:{port}");
            }

            // The published job, its pod discovery replaced by the loopback targets; a second job with a wrong password.
            var job = config[..discovery];
            var statics = $"    static_configs:\n      - targets: [{string.Join(", ", targets.Select(t => $"\"{t}\""))}]\n";
            var wrong = job.Replace("job_name: migratorydata-members", "job_name: wrong-password", StringComparison.Ordinal)
                .Replace("scrape_configs:\n", "", StringComparison.Ordinal)
                .Replace($"\"{password}\"", "\"not-the-password\"", StringComparison.Ordinal);
            var local = job.Replace("scrape_interval: 30s", "scrape_interval: 1s", StringComparison.Ordinal) + statics
                + wrong.Replace("scrape_interval: 30s", "scrape_interval: 1s", StringComparison.Ordinal) + statics;
            var localFile = Path.Combine(work, "local.yml");
            File.WriteAllText(localFile, local);
            var localCheck = await ExternalCommand.RunAsync("promtool", ["check", "config", localFile], Timeout);
            Assert.True(localCheck.ExitCode == 0, localCheck.Describe("promtool check config (local)") + "\n" + local);

            var listen = $"127.0.0.1:{LoopbackPort.Free()}";
            using var prometheus = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("prometheus",
                ["--config.file=" + localFile, "--web.listen-address=" + listen, "--storage.tsdb.path=" + Path.Combine(work, "data")])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
            try
            {
                _ = prometheus.StandardOutput.ReadToEndAsync();
                var log = prometheus.StandardError.ReadToEndAsync();
                using var http = new HttpClient { BaseAddress = new Uri($"http://{listen}"), Timeout = TimeSpan.FromSeconds(5) };
                var (up, down) = await TargetsAsync(http, targets.Count, log);
                Assert.All(up, t => Assert.Equal("up", t.Health));
                Assert.All(down, t => Assert.Contains("401", t.Error));
                var query = await http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString("standin_messages_total{job=\"migratorydata-members\"}"));
                // Every member's samples were stored, under the published job.
                var instances = JsonDocument.Parse(query).RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                    .Select(r => r.GetProperty("metric").GetProperty("instance").GetString()).Distinct().Order();
                Assert.Equal(targets.Order(), instances);
            }
            finally
            {
                prometheus.Kill(entireProcessTree: true);
                await prometheus.WaitForExitAsync();
            }
        }
        finally
        {
            foreach (var container in containers)
            {
                await ExternalCommand.RunAsync("docker", ["rm", "-f", container], Timeout);
            }
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The ConfigMap's Prometheus configuration, from the in-process publisher, rendered with the password.</summary>
    private static string ScrapeConfig(string password)
    {
        var options = new MigratoryDataClusterOptions();
        options.Kubernetes.ManagedPrometheus = true;
        var files = MigratoryDataPublisher.Render(options, options.ToTopology("migratorydata"), new MonitorProjectLocation("..", ".."));
        var template = files["manifests/11-prometheus-scrape-config.tmpl.yaml"];
        var map = (V1ConfigMap)ManifestSet.ParseStrict(AzdTemplate.Render(template, new Dictionary<string, string> { ["MIGRATORYDATA_MONITOR_PASSWORD"] = password }));
        Assert.Equal(("ama-metrics-prometheus-config", "kube-system"), (map.Metadata.Name, map.Metadata.NamespaceProperty));
        return map.Data["prometheus-config"];
    }

    private static string? Param(string config, string name)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(config));
        var job = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["scrape_configs"]).Children[0];
        return ((YamlScalarNode)((YamlSequenceNode)((YamlMappingNode)job["params"])[name]).Children[0]).Value;
    }

    private sealed record Target(string Job, string Health, string Error);

    private static async Task<(List<Target> Up, List<Target> Down)> TargetsAsync(HttpClient http, int count, Task<string> log)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await http.GetStringAsync("/api/v1/targets");
                var targets = JsonDocument.Parse(last).RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                    .Select(t => new Target(t.GetProperty("labels").GetProperty("job").GetString()!, t.GetProperty("health").GetString()!, t.GetProperty("lastError").GetString()!))
                    .ToList();
                var ours = targets.Where(t => t.Job == "migratorydata-members").ToList();
                var wrong = targets.Where(t => t.Job == "wrong-password").ToList();
                if (ours.Count == count && wrong.Count == count && ours.All(t => t.Health == "up") && wrong.All(t => t.Health == "down"))
                {
                    return (ours, wrong);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(1000);
        }
        Assert.Fail($"Prometheus never scraped the members as expected. Last /api/v1/targets: {last}\n{(log.IsCompleted ? await log : "")}");
        return default;
    }
}
