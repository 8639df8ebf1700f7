using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MigratoryAspire.AppHost.LocalRun;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>The drills of the local run: node failure, restart and scale-up, with the stand-in (NOT MigratoryData).</summary>
public sealed partial class LocalClusterStandInTests
{
    [DockerFact]
    public async Task StandIn_drills_stop_degrades_the_cluster_start_and_restart_recover_and_a_started_member_joins_the_mesh()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var ct = cts.Token;
        var running = fixture.RunningMembers().ToList();
        var before = Topology.Evaluate(running, running);
        await WaitForClusterAsync("Running", before.MembersUp, before.FailuresTolerated);
        Assert.True(before.FailuresTolerated >= 1, $"the drill needs a cluster that tolerates a failure; it has {before.FailuresTolerated}");

        // Node failure: stop a seed member. One failure is used up; Guaranteed delivery holds on the seed majority.
        await CommandAsync("migratorydata-1", KnownResourceCommands.StopCommand, ct);
        await fixture.Notifications.WaitForResourceAsync("migratorydata-1", KnownResourceStates.TerminalStates, ct);
        var degraded = await WaitForClusterAsync("Degraded", before.MembersUp - 1, before.FailuresTolerated - 1);
        Assert.Equal("true", Property(degraded, ClusterStateProperties.GuaranteedDelivery));
        await Eventually.HoldsAsync(() => AssertMeshAsync(running.Where(o => o != 1).ToArray()));

        // The member comes back: the cluster is whole again.
        await fixture.StartMemberAsync("migratorydata-1", ct);
        await WaitForClusterAsync("Running", before.MembersUp, before.FailuresTolerated);

        // Restart a running member: the cluster passes through Degraded and returns to Running.
        // Subscribe before the command (the first MoveNext subscribes), so a Degraded that passes quickly is not missed.
        using var restartWindow = CancellationTokenSource.CreateLinkedTokenSource(ct);
        restartWindow.CancelAfter(LocalClusterFixture.WaitTimeout);
        await using (var watch = fixture.Notifications.WatchAsync(restartWindow.Token).GetAsyncEnumerator(restartWindow.Token))
        {
            Assert.True(await watch.MoveNextAsync());
            var restartedAfter = DateTime.UtcNow;
            await CommandAsync("migratorydata-2", KnownResourceCommands.RestartCommand, ct);
            while (!(watch.Current.Resource.Name == LocalClusterFixture.ClusterName
                     && IsCluster(watch.Current.Snapshot, "Degraded", before.MembersUp - 1, before.FailuresTolerated - 1)))
            {
                Assert.True(await watch.MoveNextAsync());
            }
            // The command returns before the state settles: wait for the new run, not the old one's Exited.
            await fixture.Notifications.WaitForResourceAsync("migratorydata-2", e =>
                e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.StartTimeStamp > restartedAfter, ct);
        }
        await fixture.Notifications.WaitForResourceHealthyAsync("migratorydata-2", ct);
        await WaitForClusterAsync("Running", before.MembersUp, before.FailuresTolerated);
        await Eventually.HoldsAsync(() => AssertMeshAsync(running));

        // A member beyond the desired replicas, started by hand (the scale command does this in order): it waits, then
        // joins when started. (Not started yet, or stopped again by a scale-down drill of the same AppHost.)
        Assert.DoesNotContain(3, fixture.RunningMembers());
        await fixture.StartMemberAsync("migratorydata-3", ct);
        running.Add(3);
        var grown = Topology.Evaluate(running, running);
        await WaitForClusterAsync("Running", before.MembersUp + 1, grown.FailuresTolerated);
        await Eventually.HoldsAsync(() => AssertMeshAsync(running));
    }

    private async Task CommandAsync(string resource, string command, CancellationToken ct)
    {
        var result = await fixture.Commands.ExecuteCommandAsync(resource, command, ct);
        Assert.True(result.Success, $"{command} {resource}: {result.Message}");
    }
}
