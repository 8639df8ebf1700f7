using MigratoryAspire.Tests.Monitor.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MigratoryAspire.Cluster;
using MigratoryAspire.Monitor.Configuration;
using MigratoryAspire.Monitor.Monitoring;

namespace MigratoryAspire.Tests.Monitor;

public class MonitorHostTests
{
    [Fact]
    public async Task The_worker_turns_three_loopback_members_into_cluster_signals()
    {
        await using var m0 = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("g 1\n"));
        await using var m1 = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("g 1\n"));
        var m2 = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("g 1\n"));
        var settings = Settings([m0.Port, m1.Port, m2.Port, ClosedPort(), ClosedPort()]);
        // Not a test of timeouts: the first cycle pays for JIT and connection setup, and CI starts this test while
        // others build images and start containers on two cores; 2 s once left members 1 and 2 unanswered.
        (settings["Monitor:ScrapeInterval"], settings["Monitor:ScrapeTimeout"], settings["Monitor:ProbeTimeout"]) = ("00:01:00", "00:00:30", "00:00:30");
        using var host = Build(settings);
        var worker = host.Services.GetRequiredService<MonitorWorker>();

        var all = await worker.RunCycleAsync(CancellationToken.None);
        await m2.DisposeAsync();
        var oneDown = await worker.RunCycleAsync(CancellationToken.None);

        // Members 3 and 4 never ran: absent, not failed.
        Assert.Equal((ClusterState.Running, 3, 3, 1), (all.State, all.MembersUp, all.MembersExpected, all.FailuresTolerated));
        Assert.Equal((ClusterState.Degraded, 2, true), (oneDown.State, oneDown.MembersUp, oneDown.GuaranteedDeliveryAvailable));
        Assert.Same(oneDown, host.Services.GetRequiredService<ClusterSignals>().Current);
        var monitors = host.Services.GetRequiredService<MemberMonitors>().All;
        Assert.Equal(["migratorydata-0", "migratorydata-1", "migratorydata-2", "migratorydata-3", "migratorydata-4"], monitors.Select(m => m.Name));
        Assert.Equal("suffix-1", host.Services.GetRequiredService<IOptions<MonitorOptions>>().Value.Members[1].InstanceId);
    }

    [Fact]
    public async Task Bad_settings_stop_the_host_at_start_with_every_problem_named()
    {
        var settings = Settings([1, 2, 3]);
        settings["Monitor:Members:1:MetricsUrl"] = "not a url";
        settings["Monitor:Members:2:ClientAddress"] = "nohostport";
        settings["Monitor:Members:2:Ordinal"] = "0";
        settings["Monitor:ScrapeTimeout"] = "00:01:00";
        using var host = Build(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Monitor:Members:1:MetricsUrl 'not a url' is not an absolute http or https URL.", error.Failures);
        Assert.Contains("Monitor:Members:2:ClientAddress 'nohostport' is not host:port.", error.Failures);
        Assert.Contains("Monitor:Members gives ordinal 0 to 'migratorydata-0' and 'migratorydata-2'.", error.Failures);
        Assert.Contains(error.Failures, f => f.StartsWith("Monitor: ScrapeTimeout (00:01:00)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Monitor:MaxReplicas", "2", "Monitor:Members:2:Ordinal 2 is outside 0..1 (MaxReplicas 2).")]
    [InlineData("Monitor:ClusterName", "", "Monitor: the cluster settings (ClusterName '', Replicas 3, MaxReplicas 5) make no topology:")]
    [InlineData("Monitor:ProbeTimeout", "-00:00:01", "Monitor:ProbeTimeout -00:00:01 must be positive.")]
    [InlineData("Monitor:MaxScrapeBytes", "10", "Monitor:MaxScrapeBytes 10 is below 1024.")]
    [InlineData("Monitor:Members:0:Name", "", "Monitor:Members:0:Name is empty.")]
    public void Each_bad_setting_gets_its_own_message(string key, string value, string expectedStart)
    {
        var settings = Settings([1, 2, 3]);
        settings[key] = value;
        var options = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Monitor").Get<MonitorOptions>()!;

        var errors = MonitorOptionsValidator.Errors(options);

        Assert.Contains(errors, e => e.StartsWith(expectedStart, StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_member_list_is_refused()
    {
        Assert.Contains("Monitor:Members is empty: there is nothing to monitor.",
            MonitorOptionsValidator.Errors(new MonitorOptions { ClusterName = "md", Replicas = 1, MaxReplicas = 1 }));
    }

    [Theory]
    [InlineData("localhost:8800", "localhost", 8800)]
    [InlineData("127.0.0.1:1", "127.0.0.1", 1)]
    [InlineData("[::1]:9000", "::1", 9000)]
    [InlineData("http://host.docker.internal:31000", "host.docker.internal", 31000)]
    [InlineData("tcp://10.1.2.3:8800", "10.1.2.3", 8800)]
    public void Reads_client_addresses(string address, string host, int port)
    {
        Assert.True(ClientAddress.TryParse(address, out var h, out var p));
        Assert.Equal((host, port), (h, p));
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("localhost:")]
    [InlineData("localhost:notaport")]
    [InlineData(":8800")]
    public void Refuses_client_addresses_without_host_or_port(string address)
    {
        Assert.False(ClientAddress.TryParse(address, out _, out _));
    }

    internal static Dictionary<string, string?> Settings(int[] ports)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Monitor:ClusterName"] = "migratorydata",
            ["Monitor:Replicas"] = "3",
            ["Monitor:MaxReplicas"] = "5",
            ["Monitor:SeedMemberCount"] = "3",
            ["Monitor:DeliveryMode"] = "Guaranteed",
            ["Monitor:Username"] = "admin",
            ["Monitor:Password"] = "secret",
            ["Monitor:ScrapeTimeout"] = "00:00:02",
            ["Monitor:ProbeTimeout"] = "00:00:02",
        };
        for (var i = 0; i < ports.Length; i++)
        {
            settings[$"Monitor:Members:{i}:Name"] = $"migratorydata-{i}";
            settings[$"Monitor:Members:{i}:Ordinal"] = $"{i}";
            settings[$"Monitor:Members:{i}:MetricsUrl"] = $"http://127.0.0.1:{ports[i]}";
            settings[$"Monitor:Members:{i}:ClientAddress"] = $"127.0.0.1:{ports[i]}";
            settings[$"Monitor:Members:{i}:InstanceId"] = $"suffix-{i}";
        }

        return settings;
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddMigratoryDataMonitor();
        // The tests drive cycles by hand.
        builder.Services.RemoveAll<IHostedService>();
        return builder.Build();
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
