using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MigratoryAspire.AppHost.LocalRun;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// The local run on a real Docker engine, with the wiring stand-in image in place of migratorydata/server. These
/// tests prove our AppHost's containers, names, network, ports, environment, health and cluster state; they prove
/// nothing about MigratoryData itself (the stand-in only answers on the ports and reports what it was given).
/// </summary>
/// <remarks>
/// The tests share one AppHost and do not rely on running in any order: expectations follow the members running now.
/// The drills are in LocalClusterStandInTests.Drills.cs, the shared expectations in LocalClusterStandInTests.Expectations.cs.
/// </remarks>
[Collection(ContainerTestsCollection.Name)]
public sealed partial class LocalClusterStandInTests(LocalClusterFixture fixture) : IClassFixture<LocalClusterFixture>
{
    // Written out here, not asked of the AppHost: what the default settings must produce.
    private static readonly ClusterTopology Topology = ClusterTopology.Create("migratorydata", 3, 5, 3, DeliveryMode.Guaranteed);

    private const string AllMembers =
        "migratorydata-0:8801,migratorydata-1:8801,migratorydata-2:8801,migratorydata-3:8801,migratorydata-4:8801";

    [DockerFact]
    public async Task StandIn_wiring_every_running_member_gets_its_ClusterMemberListen_and_reaches_every_running_peer_on_8801_to_8804()
    {
        var running = fixture.RunningMembers();
        Assert.Subset(running.ToHashSet(), new HashSet<int> { 0, 1, 2 });

        await Eventually.HoldsAsync(() => AssertMeshAsync(running));
    }

    [DockerFact]
    public async Task StandIn_wiring_each_member_container_gets_the_options_string_the_topology_and_settings_give()
    {
        using var cts = new CancellationTokenSource(LocalClusterFixture.WaitTimeout);
        var secrets = await SecretItemsAsync(cts.Token);
        foreach (var ordinal in fixture.RunningMembers())
        {
            var name = $"migratorydata-{ordinal}";
            var actual = await ContainerEnvironmentAsync(name, ServerParameters.EnvironmentVariable);

            var expected = ServerParameters.Format(ServerParameters.BaseItems(new MigratoryDataClusterOptions())
                .Concat(ServerParameters.MemberItems(Topology, ordinal)).Concat(secrets));
            Assert.Equal(expected, actual);

            var items = ServerParameters.Parse(actual).ToDictionary(i => i.Key, i => i.Value);
            Assert.Equal($"migratorydata-{ordinal}:8801", items["ClusterMemberListen"]);
            Assert.Equal(AllMembers, items["ClusterMembers"]);
            Assert.Equal("PROMETHEUS", items["Monitor"]);
            Assert.Equal("*:9900", items["MonitorPrometheus.Listen"]);

            // What the process inside read: the same string, with secret values redacted by the stand-in.
            var report = await fixture.ReportAsync(name);
            var redacted = ServerParameters.Format(ServerParameters.Parse(actual)
                .Select(i => secrets.Any(s => s.Key == i.Key) ? new KeyValuePair<string, string>(i.Key, "***") : i));
            Assert.Equal(redacted, report.Options);
            Assert.Equal("8800", report.Values["client.port"]);
            Assert.Equal("8801 8802 8803 8804", report.Values["cluster.ports"]);
            Assert.Equal("9900", report.Values["metrics.port"]);
        }
    }

    [DockerFact]
    public async Task StandIn_wiring_each_member_serves_its_metrics_endpoint_on_the_metrics_port_with_the_monitor_credentials()
    {
        using var cts = new CancellationTokenSource(LocalClusterFixture.WaitTimeout);
        var password = await fixture.Cluster.MonitorPassword!.GetValueAsync(cts.Token);
        var credentials = $"username={Uri.EscapeDataString(fixture.Cluster.Options.MonitorUsername)}&password={Uri.EscapeDataString(password!)}";
        foreach (var ordinal in fixture.RunningMembers())
        {
            using var client = fixture.App.CreateHttpClient($"migratorydata-{ordinal}", MigratoryDataClusterResource.MetricsEndpointName);

            // The member got the same MonitorUsername/MonitorPassword the AppHost holds: only those open the page.
            using var anonymous = await client.GetAsync("/metrics", cts.Token);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
            var body = await client.GetStringAsync($"/metrics?{credentials}", cts.Token);
            Assert.Contains("# TYPE standin_messages_total counter", body);
            Assert.Contains($"member=\"migratorydata-{ordinal}\"", body);
        }
    }

    [DockerFact]
    public async Task StandIn_wiring_the_cluster_resource_shows_its_state_and_properties()
    {
        var running = fixture.RunningMembers();
        var expected = Topology.Evaluate(running, running);

        var snapshot = await WaitForClusterAsync(expected.State.ToString(), expected.MembersUp, expected.FailuresTolerated);

        Assert.Equal(ClusterStateProperties.ResourceType, snapshot.ResourceType);
        Assert.Equal("Guaranteed", Property(snapshot, ClusterStateProperties.DeliveryMode));
        Assert.Equal("migratorydata-0, migratorydata-1, migratorydata-2", Property(snapshot, ClusterStateProperties.SeedMembers));
        Assert.Equal("true", Property(snapshot, ClusterStateProperties.GuaranteedDelivery));
        Assert.Equal(AllMembers, Property(snapshot, ClusterStateProperties.ClusterMembers));
    }

    /// <summary>The secret items the AppHost appends, with their resolved values, in its order.</summary>
    private async Task<List<KeyValuePair<string, string>>> SecretItemsAsync(CancellationToken ct)
    {
        var cluster = fixture.Cluster;
        var items = new List<KeyValuePair<string, string>>();
        foreach (var (name, parameter) in new[] { ("LicenseKey", cluster.LicenseKey), ("ClusterPassword", cluster.ClusterPassword), ("MonitorPassword", cluster.MonitorPassword) })
        {
            if (parameter is not null)
            {
                items.Add(new(name, await parameter.GetValueAsync(ct) ?? ""));
            }
        }
        Assert.Contains(items, i => i.Key == "MonitorPassword" && i.Value.Length > 0);
        return items;
    }

    /// <summary>A variable as the engine holds it for the member's container (docker inspect), not as the model declares it.</summary>
    private async Task<string> ContainerEnvironmentAsync(string member, string variable)
    {
        var id = Property(fixture.Snapshot(member), "container.id");
        Assert.False(string.IsNullOrEmpty(id), $"{member} has no container id");
        var inspect = await ExternalCommand.RunAsync("docker", ["inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", id!], TimeSpan.FromSeconds(30));
        Assert.True(inspect.ExitCode == 0, inspect.Describe("docker inspect"));
        var line = inspect.Output.Split('\n').SingleOrDefault(l => l.StartsWith(variable + "=", StringComparison.Ordinal));
        Assert.NotNull(line);
        return line[(variable.Length + 1)..];
    }
}
