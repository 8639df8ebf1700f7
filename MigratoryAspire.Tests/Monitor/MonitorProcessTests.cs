using MigratoryAspire.Tests.Monitor.Export;
using MigratoryAspire.Tests.Monitor.Support;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MigratoryAspire.Tests.Monitor;

/// <summary>The built monitor, run as its own process the way the AppHost runs it, against loopback members and a loopback OTLP sink.</summary>
public class MonitorProcessTests
{
    [Fact]
    public async Task The_monitor_process_exports_each_member_under_its_own_resource_and_the_cluster_under_its_own()
    {
        await using var member = await LoopbackServer.StartAsync(ctx =>
        {
            if (ctx.Request.Query["username"] != "admin" || ctx.Request.Query["password"] != "s3cret")
            {
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }

            return ctx.Response.WriteAsync(MetricMappingTests.Page);
        });
        var bodies = new ConcurrentQueue<string>();
        await using var collector = await LoopbackServer.StartAsync(async ctx =>
        {
            using var buffer = new MemoryStream();
            await ctx.Request.Body.CopyToAsync(buffer);
            // OTLP protobuf keeps names and attribute values as plain UTF-8, enough to find them without a decoder.
            bodies.Enqueue($"{ctx.Request.Path} {Encoding.UTF8.GetString(buffer.ToArray())}");
        });
        var output = new ConcurrentQueue<string>();
        // No file yet: Replicas (1) is the desired count until the "AppHost" scales to 2 below.
        var desiredFile = Path.Combine(Path.GetTempPath(), $"monitor-test-{Guid.NewGuid():N}.replicas");
        using var monitor = Start(member.Port, ClosedPort(), collector.Address, output,
            extra: new() { ["Monitor__DesiredReplicasFile"] = desiredFile });
        try
        {
            string? Body(params string[] parts) => bodies.FirstOrDefault(b => parts.All(p => b.Contains(p, StringComparison.Ordinal)));
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && (Body("md_clients", "migratorydata-0", "abcdefgh") is null
                || Body("migratorydata.cluster.members.up", "migratorydata-monitor") is null
                || Body("migratorydata.member.up", "migratorydata-1") is null))
            {
                Assert.False(monitor.HasExited, $"the monitor exited: {string.Join('\n', output)}");
                await Task.Delay(200);
            }

            // Let a few more cycles pass: a member that stays down must not be logged again.
            await Task.Delay(TimeSpan.FromSeconds(5));

            var memberBody = Body("md_clients", "migratorydata-0", "abcdefgh");
            Assert.NotNull(memberBody);
            Assert.StartsWith("/v1/metrics ", memberBody);
            Assert.Contains("md_latency_seconds_bucket", memberBody);
            Assert.DoesNotContain("migratorydata.cluster.members.up", memberBody); // cluster signals are the monitor's, not a member's
        Assert.DoesNotContain("migratorydata-monitor", memberBody); // the monitor's own identity stays out of members' resources
            Assert.NotNull(Body("migratorydata.cluster.members.up", "migratorydata-monitor"));
            Assert.NotNull(Body("migratorydata.member.up", "migratorydata-1"));
            // migratorydata-1 is beyond Replicas (1) and not running: absent, not down, and the console stays quiet about it
            // and about each HTTP request and attempt of the OTLP exports (Debug).
            Assert.DoesNotContain(output, l => l.Contains("Member migratorydata-1 is down", StringComparison.Ordinal));
            Assert.DoesNotContain(output, l => l.Contains("Execution attempt", StringComparison.Ordinal));
            Assert.DoesNotContain(output, l => l.Contains("Resilience pipeline executed", StringComparison.Ordinal));

            // Scaled to 2 (the AppHost rewrites the file): migratorydata-1 is now meant to run, so it is down, once.
            MigratoryAspire.Cluster.DesiredReplicasFile.Write(desiredFile, 2);
            var scaledDeadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < scaledDeadline && !output.Any(l => l.Contains("Member migratorydata-1 is down", StringComparison.Ordinal)))
            {
                await Task.Delay(200);
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Single(output, l => l.Contains("Member migratorydata-1 is down", StringComparison.Ordinal));
            Assert.Contains(output, l => l.Contains("Cluster migratorydata is Degraded: 1 of 2 members up", StringComparison.Ordinal));
            // Under a heavily loaded machine member 0 may miss a timeout and come back; each transition is still logged once.
            var ups = output.Count(l => l.Contains("Member migratorydata-0 is up", StringComparison.Ordinal));
            var downs = output.Count(l => l.Contains("Member migratorydata-0 is down", StringComparison.Ordinal));
            Assert.True(ups >= 1 && ups - downs is 0 or 1, $"member 0 logged {ups} ups and {downs} downs");
            Assert.False(monitor.HasExited);
        }
        finally
        {
            monitor.Kill(entireProcessTree: true);
            await monitor.WaitForExitAsync();
            File.Delete(desiredFile);
        }
    }

    [Fact]
    public async Task The_monitor_process_refuses_bad_settings_with_the_key_and_the_problem()
    {
        var output = new ConcurrentQueue<string>();
        using var monitor = Start(1, 2, new Uri("http://127.0.0.1:1"), output, extra: new() { ["Monitor__Members__0__MetricsUrl"] = "not-a-url" });
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await monitor.WaitForExitAsync(timeout.Token);
            // The last lines of output may still be in flight after the exit.
            await Task.Delay(500);

            Assert.NotEqual(0, monitor.ExitCode);
            Assert.Contains(output, l => l.Contains("Monitor:Members:0:MetricsUrl 'not-a-url' is not an absolute http or https URL.", StringComparison.Ordinal));
        }
        finally
        {
            if (!monitor.HasExited)
            {
                monitor.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process Start(int memberPort, int downPort, Uri collector, ConcurrentQueue<string> output, Dictionary<string, string>? extra = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MigratoryAspire.Monitor.dll"));
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_SERVICE_NAME"] = "migratorydata-monitor",
            ["Monitor__ClusterName"] = "migratorydata",
            ["Monitor__Replicas"] = "1",
            ["Monitor__MaxReplicas"] = "2",
            ["Monitor__DeliveryMode"] = "Standard",
            ["Monitor__Username"] = "admin",
            ["Monitor__Password"] = "s3cret",
            ["Monitor__ScrapeInterval"] = "00:00:02",
            ["Monitor__ScrapeTimeout"] = "00:00:02",
            ["Monitor__ProbeTimeout"] = "00:00:02",
            ["Monitor__ExportInterval"] = "00:00:01",
            ["Monitor__Members__0__Name"] = "migratorydata-0",
            ["Monitor__Members__0__Ordinal"] = "0",
            ["Monitor__Members__0__MetricsUrl"] = $"http://127.0.0.1:{memberPort}",
            ["Monitor__Members__0__ClientAddress"] = $"127.0.0.1:{memberPort}",
            ["Monitor__Members__0__InstanceId"] = "abcdefgh",
            ["Monitor__Members__1__Name"] = "migratorydata-1",
            ["Monitor__Members__1__Ordinal"] = "1",
            ["Monitor__Members__1__MetricsUrl"] = $"http://127.0.0.1:{downPort}",
            ["Monitor__Members__1__ClientAddress"] = $"127.0.0.1:{downPort}",
            ["Monitor__Members__1__InstanceId"] = "ijklmnop",
        };
        foreach (var (key, value) in extra ?? [])
        {
            env[key] = value;
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
