using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MigratoryAspire.AppHost.LocalRun;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>What the stand-in members and the cluster resource must show, shared by the wiring tests and the drills.</summary>
public sealed partial class LocalClusterStandInTests
{
    /// <summary>
    /// Every running member reports the ClusterMemberListen the topology gives it, reaches every running peer on all
    /// four cluster ports (and that peer answers with its own name), and does not reach members that are not running.
    /// </summary>
    private async Task AssertMeshAsync(IReadOnlyCollection<int> running)
    {
        foreach (var ordinal in running)
        {
            var report = await fixture.ReportAsync($"migratorydata-{ordinal}");
            Assert.Equal(Topology.ClusterMemberListen(ordinal), report.MemberListen);
            Assert.Equal(AllMembers, report.Values["cluster.members"]);
            foreach (var peer in Topology.Members.Where(p => p.Ordinal != ordinal))
            {
                var probes = report.Probes.Where(p => p.Host == peer.Name).ToArray();
                Assert.Equal([8801, 8802, 8803, 8804], probes.Select(p => p.Port));
                foreach (var probe in probes)
                {
                    var what = $"migratorydata-{ordinal} -> {peer.Name}:{probe.Port}";
                    if (running.Contains(peer.Ordinal))
                    {
                        Assert.True(probe.Ok, $"{what} should connect");
                        Assert.Equal(Topology.ClusterMemberListen(peer.Ordinal), probe.AnsweredBy);
                    }
                    else
                    {
                        Assert.False(probe.Ok, $"{what} should not connect: {peer.Name} is not running");
                    }
                }
            }
        }
    }

    private Task<CustomResourceSnapshot> WaitForClusterAsync(string state, int membersUp, int failuresTolerated) =>
        WaitForClusterAsync(s => IsCluster(s, state, membersUp, failuresTolerated),
            $"{state}, members up {membersUp} of 5, failures tolerated {failuresTolerated.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// Waits (up to the fixture's wait timeout) until the cluster resource's snapshot satisfies <paramref name="shows"/>;
    /// on timeout fails with <paramref name="expected"/> and the last snapshot's state and properties. A cancelled
    /// <paramref name="ct"/> is no timeout: it propagates as it is.
    /// </summary>
    private async Task<CustomResourceSnapshot> WaitForClusterAsync(Func<CustomResourceSnapshot, bool> shows, string expected, CancellationToken ct = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(LocalClusterFixture.WaitTimeout);
        try
        {
            var e = await fixture.Notifications.WaitForResourceAsync(LocalClusterFixture.ClusterName, e => shows(e.Snapshot), limit.Token);
            return e.Snapshot;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var last = fixture.Snapshot(LocalClusterFixture.ClusterName);
            Assert.Fail($"The cluster never showed {expected}. Last: {last.State?.Text}, " +
                string.Join("; ", last.Properties.Select(p => $"{p.Name}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}")));
            throw;
        }
    }

    private static bool IsCluster(CustomResourceSnapshot snapshot, string state, int membersUp, int failuresTolerated) =>
        snapshot.State?.Text == state
        && Property(snapshot, ClusterStateProperties.MembersUp) == $"{membersUp} of 5"
        && Property(snapshot, ClusterStateProperties.FailuresTolerated) == failuresTolerated.ToString(CultureInfo.InvariantCulture);

    private static string? Property(CustomResourceSnapshot snapshot, string name) =>
        Convert.ToString(snapshot.Properties.FirstOrDefault(p => p.Name == name)?.Value, CultureInfo.InvariantCulture);
}
