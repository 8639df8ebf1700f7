using System.Text.Json;
using k8s.Models;
using MigratoryAspire.Tests.Publishing;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// The published telemetry objects run as they would in the cluster, as far as this machine allows (no Kubernetes, no
/// image pulls): on one Docker network, stand-in members (NOT MigratoryData) answer at their headless-service DNS names
/// (network aliases <c>migratorydata-N.migratorydata-hs.migratory.svc</c>); the built monitor runs with exactly the
/// environment of its published Deployment; the dashboard binary of the <c>Aspire.Dashboard.Sdk.linux-x64</c> package
/// runs with exactly the command and environment of the published dashboard Deployment, reachable as the Service name
/// <c>migratorydata-dashboard</c>. Secret references are filled from the Secret template rendered with test values, as
/// the kubelet would. Only the dashboard's frontend port is published, to a free loopback port, for Chromium.
/// </summary>
/// <remarks>
/// The monitor and the dashboard run from the host's .NET and the NuGet package (mounted read-only into containers made
/// from the stand-in image, which gives them the network's DNS), not from the monitor image azd builds or Microsoft's
/// dashboard image. The members get the StatefulSet's <c>MIGRATORYDATA_EXTRA_OPTS</c> plus the monitor password, which
/// is what its startup script appends (that script is tested under bash in ManifestTests).
/// </remarks>
[Collection(ContainerTestsCollection.Name)]
public sealed class AksTelemetryStandInTests
{
    private const string MonitorPassword = "aks-standin-monitor-pw";
    private const string DashboardToken = "aks-standin-dashboard-token";
    private static readonly TimeSpan Docker = TimeSpan.FromMinutes(2);

    [BrowserFact]
    public async Task StandIn_the_published_monitor_and_dashboard_show_migratorydata_0s_metrics_and_the_cluster_state_behind_the_token()
    {
        await StandInImage.EnsureBuiltAsync();
        var run = await PublishRun.Default;
        var azdEnv = new Dictionary<string, string>
        {
            ["MIGRATORYDATA_MONITOR_PASSWORD"] = MonitorPassword,
            ["MIGRATORYDATA_DASHBOARD_TOKEN"] = DashboardToken,
            ["SERVICE_MIGRATORYDATA_MONITOR_IMAGE_NAME"] = "not-pulled-here",
        };
        var members = new ManifestSet(run.Manifests, azdEnv);
        var monitorSet = new ManifestSet(run.Folder("manifests-monitor"), azdEnv);
        var secret = members.Single<V1Secret>();
        var monitor = Assert.Single(monitorSet.Single<V1Deployment>().Spec.Template.Spec.Containers);
        var dashboardDeployment = Assert.Single(members.All<V1Deployment>(), d => d.Metadata.Name == "migratorydata-dashboard");
        var dashboard = Assert.Single(dashboardDeployment.Spec.Template.Spec.Containers);
        var dashboardService = members.Service("migratorydata-dashboard");
        var memberOptions = members.Container.Env.Single(e => e.Name == "MIGRATORYDATA_EXTRA_OPTS").Value;
        var frontendPort = dashboard.Ports.Single(p => p.Name == "http").ContainerPort;

        var suffix = Guid.NewGuid().ToString("N")[..8];
        var network = $"md-aks-{suffix}";
        var containers = new List<string>();
        var work = Directory.CreateTempSubdirectory("md-aks-").FullName;
        try
        {
            await DockerAsync("network", "create", network);

            // The members StatefulSet's pods that run from the start (Replicas = 3), at the names the monitor is given.
            for (var i = 0; i < 3; i++)
            {
                var name = $"md-aks-{suffix}-member-{i}";
                await DockerAsync(
                [
                    "run", "-d", "--name", name, "--network", network, "--network-alias", $"migratorydata-{i}.migratorydata-hs.migratory.svc",
                    "--env-file", EnvFile(work, name, [new("MIGRATORYDATA_EXTRA_OPTS", $"{memberOptions} -DMonitorPassword={MonitorPassword}")]),
                    $"{StandInImage.Image}:{StandInImage.Tag}",
                ]);
                containers.Add(name);
            }

            // The dashboard: the Deployment's command and environment, as the Service's DNS name.
            var dashboardTools = Path.Combine(RepositoryPaths.NuGetPackages, "aspire.dashboard.sdk.linux-x64", "13.6.5", "tools");
            Assert.True(File.Exists(Path.Combine(dashboardTools, "Aspire.Dashboard")), $"no dashboard binary in {dashboardTools}");
            var dashboardName = $"md-aks-{suffix}-dashboard";
            await DockerAsync(
            [
                "run", "-d", "--name", dashboardName, "--network", network, "--network-alias", dashboardService.Metadata.Name,
                "-p", $"127.0.0.1::{frontendPort}", .. HostRuntimeMounts(), "-v", $"{dashboardTools}:/app:ro", "-w", "/app",
                "--env-file", EnvFile(work, dashboardName, Resolve(dashboard.Env, secret)),
                "--entrypoint", dashboard.Command[0], $"{StandInImage.Image}:{StandInImage.Tag}", .. dashboard.Command.Skip(1),
            ]);
            containers.Add(dashboardName);

            // The monitor: the built project with the Deployment's environment.
            var monitorName = $"md-aks-{suffix}-monitor";
            await DockerAsync(
            [
                "run", "-d", "--name", monitorName, "--network", network, .. HostRuntimeMounts(),
                "-v", $"{AppContext.BaseDirectory}:/monitor:ro", "-w", "/monitor",
                "--env-file", EnvFile(work, monitorName, Resolve(monitor.Env, secret)),
                "--entrypoint", "/usr/share/dotnet/dotnet", $"{StandInImage.Image}:{StandInImage.Tag}", "/monitor/MigratoryAspire.Monitor.dll",
            ]);
            containers.Add(monitorName);

            // The monitor's own view: every member it was given resolves and is up, so the cluster is Running.
            var health = await ClusterAsync(monitorName, h => h.GetProperty("state").GetInt32() == 0 /* Running */, TimeSpan.FromMinutes(2));
            Assert.Equal(3, health.GetProperty("membersUp").GetInt32());

            // The dashboard's probe path answers without the token, at the Service name, as the kubelet's probe would.
            var probe = await ExternalCommand.RunAsync("docker",
                ["exec", monitorName, "wget", "-qO-", $"http://{dashboardService.Metadata.Name}:{frontendPort}{dashboard.ReadinessProbe.HttpGet.Path}"], Docker);
            Assert.True(probe.ExitCode == 0, probe.Describe("dashboard probe"));

            var port = (await DockerAsync("port", dashboardName, $"{frontendPort}/tcp")).Trim().Split('\n')[0].Split(':')[^1];
            var dashboardUrl = $"http://127.0.0.1:{port}";

            // Without the token the frontend shows only its login page.
            var locked = await DashboardPage.OpenAsync($"{dashboardUrl}/metrics/resource/migratorydata-0", "aks-dashboard-without-token.png",
                waitJs: null, TimeSpan.FromMinutes(1), ["token"]);
            Assert.True(locked.WaitConditionsHeld, locked.Text);
            Assert.DoesNotContain("standin_connections_current", locked.Text);

            // With it: migratorydata-0's metrics, scraped by the monitor with the credentials from the Secret.
            var metrics = await DashboardPage.OpenAsync(
                $"{dashboardUrl}/login?t={DashboardToken}&returnUrl=%2Fmetrics%2Fresource%2Fmigratorydata-0",
                "aks-dashboard-metrics-migratorydata-0.png", waitJs: null, TimeSpan.FromMinutes(2),
                ["migratorydata-0", "standin_connections_current", "standin_messages_total"]);
            Assert.True(metrics.WaitConditionsHeld, $"{metrics.Text}\nScreenshot: {metrics.ScreenshotPath}\n{await LogsAsync(monitorName)}");

            // The cluster state: the monitor's own telemetry (service migratorydata-monitor), the same gauges as locally.
            var cluster = await DashboardPage.OpenAsync(
                $"{dashboardUrl}/login?t={DashboardToken}&returnUrl=%2Fmetrics%2Fresource%2Fmigratorydata-monitor",
                "aks-dashboard-cluster-state.png", waitJs: null, TimeSpan.FromMinutes(2),
                ["migratorydata.cluster.state", "migratorydata.cluster.members.up", "migratorydata.cluster.failures.tolerated"],
                "document.querySelector('fluent-tree-item[title=\"migratorydata.cluster.members.up\"]').click()");
            Assert.True(cluster.WaitConditionsHeld, $"{cluster.Text}\nScreenshot: {cluster.ScreenshotPath}");

            // A node drain takes a member away: the cluster turns Degraded with no failure left to tolerate.
            await DockerAsync("stop", "-t", "1", containers[1]);
            var degraded = await ClusterAsync(monitorName, h => h.GetProperty("state").GetInt32() == 1 /* Degraded */, TimeSpan.FromMinutes(1));
            Assert.Equal(2, degraded.GetProperty("membersUp").GetInt32());
            Assert.Equal(0, degraded.GetProperty("failuresTolerated").GetInt32());
        }
        finally
        {
            foreach (var container in containers)
            {
                await ExternalCommand.RunAsync("docker", ["rm", "-f", container], Docker);
            }
            await ExternalCommand.RunAsync("docker", ["network", "rm", network], Docker);
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The host's .NET and native libraries, read-only, for a process in a container made from the stand-in image.</summary>
    private static string[] HostRuntimeMounts() =>
        ["-v", "/usr:/usr:ro", "-v", "/lib:/lib:ro", "-v", "/lib64:/lib64:ro", "-v", "/etc/ssl:/etc/ssl:ro"];

    /// <summary>The container's variables as the kubelet makes them: values as they are, Secret references from the Secret.</summary>
    private static List<KeyValuePair<string, string>> Resolve(IEnumerable<V1EnvVar> env, V1Secret secret) =>
        env.Select(e => new KeyValuePair<string, string>(e.Name, e.ValueFrom?.SecretKeyRef is { } reference ? FromSecret(secret, reference) : e.Value)).ToList();

    private static string FromSecret(V1Secret secret, V1SecretKeySelector reference)
    {
        Assert.Equal(secret.Metadata.Name, reference.Name);
        return secret.StringData[reference.Key];
    }

    private static string EnvFile(string directory, string name, IEnumerable<KeyValuePair<string, string>> variables)
    {
        var path = Path.Combine(directory, name + ".env");
        File.WriteAllLines(path, variables.Select(v =>
        {
            Assert.DoesNotContain('\n', v.Value);
            return $"{v.Key}={v.Value}";
        }));
        return path;
    }

    private static async Task<JsonElement> ClusterAsync(string monitor, Func<JsonElement, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var answer = await ExternalCommand.RunAsync("docker", ["exec", monitor, "wget", "-qO-", "http://127.0.0.1:8080/cluster"], Docker);
            last = answer.Output + answer.Error;
            if (answer.ExitCode == 0 && answer.Output.TrimStart().StartsWith('{'))
            {
                var health = JsonDocument.Parse(answer.Output).RootElement.Clone();
                if (until(health))
                {
                    return health;
                }
            }
            await Task.Delay(1000);
        }
        Assert.Fail($"The monitor's /cluster never reached the expected state. Last answer: {last}\n{await LogsAsync(monitor)}");
        return default;
    }

    private static async Task<string> LogsAsync(string container)
    {
        var logs = await ExternalCommand.RunAsync("docker", ["logs", "--tail", "60", container], Docker);
        return $"docker logs {container}:\n{logs.Output}\n{logs.Error}";
    }

    private static async Task<string> DockerAsync(params string[] args)
    {
        var result = await ExternalCommand.RunAsync("docker", args, Docker);
        Assert.True(result.ExitCode == 0, result.Describe("docker " + string.Join(' ', args.Take(3))));
        return result.Output;
    }
}
