using System.Globalization;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MigratoryAspire.AppHost.LocalRun;
using MigratoryAspire.Cluster;

using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// The tutorial's operations as cluster commands (scale, drain, uncordon, rolling-restart) on the stand-in (NOT
/// MigratoryData), each drill ending with the AppHost's cluster state compared with the monitor's <c>/cluster</c>.
/// </summary>
/// <remarks>Each drill first brings the cluster back to the default shape (3 desired members, none drained), so the
/// drills and the other tests of the shared AppHost run in any order.</remarks>
public sealed partial class LocalClusterStandInTests
{
    [DockerFact]
    public async Task Operations_scale_3_to_4_to_3_within_the_bounds_and_refuse_what_is_outside_them()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await ResetShapeAsync(cts.Token);

        foreach (var (value, expected) in new[]
                 {
                     ("abc", "replicas is 'abc', but it must be a whole number from MigratoryData:MinAvailable (3) to MigratoryData:MaxReplicas (5)."),
                     ("4.5", "replicas is '4.5', but it must be a whole number from MigratoryData:MinAvailable (3) to MigratoryData:MaxReplicas (5)."),
                     ("-1", "replicas is -1, but it must not be below MigratoryData:MinAvailable (3)"),
                     ("2", "replicas is 2, but it must not be below MigratoryData:MinAvailable (3)"),
                     ("6", "replicas is 6, but it must not exceed MigratoryData:MaxReplicas (5)"),
                 })
        {
            var refused = await ClusterCommandAsync(ClusterCommands.Scale, cts.Token, (ClusterCommands.ReplicasArgument, value));
            Assert.False(refused.Success, $"scale --replicas {value} should be refused");
            Assert.StartsWith(expected, refused.Message);
        }
        Assert.Equal("3", Property(fixture.Snapshot(LocalClusterFixture.ClusterName), ClusterStateProperties.DesiredReplicas));

        var up = await ClusterCommandAsync(ClusterCommands.Scale, cts.Token, (ClusterCommands.ReplicasArgument, "4"));
        Assert.True(up.Success, up.Message);
        Assert.Equal("Scaled migratorydata from 3 to 4 replicas: started migratorydata-3.", up.Message);
        Assert.Equal(new[] { 0, 1, 2, 3 }, fixture.RunningMembers());
        var scaled = await WaitForReplicasAsync(desired: 4, current: 4, "Running", cts.Token);
        Assert.Equal("4 of 5", Property(scaled, ClusterStateProperties.MembersUp));
        await AssertSameAnswerAsync(ClusterState.Running, membersUp: 4, membersExpected: 4, cts.Token);

        var down = await ClusterCommandAsync(ClusterCommands.Scale, cts.Token, (ClusterCommands.ReplicasArgument, "3"));
        Assert.True(down.Success, down.Message);
        Assert.Equal("Scaled migratorydata from 4 to 3 replicas: stopped migratorydata-3.", down.Message);
        Assert.Equal(new[] { 0, 1, 2 }, fixture.RunningMembers());
        await WaitForReplicasAsync(desired: 3, current: 3, "Running", cts.Token);
        await AssertSameAnswerAsync(ClusterState.Running, membersUp: 3, membersExpected: 3, cts.Token);
    }

    [DockerFact]
    public async Task Operations_drain_is_refused_by_the_budget_at_3_allowed_at_4_and_uncordon_restores_the_member()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await ResetShapeAsync(cts.Token);
        try
        {
            // MinAvailable = Replicas = 3: the trap the validation warns about.
            var refused = await ClusterCommandAsync(ClusterCommands.Drain, cts.Token, (ClusterCommands.MemberArgument, "migratorydata-1"));
            Assert.False(refused.Success);
            Assert.StartsWith("Cannot evict migratorydata-1: it would violate the PodDisruptionBudget migratorydata-pdb. The budget needs 3 healthy " +
                              "members (MigratoryData:MinAvailable) and has 3, so it allows 0 disruptions.", refused.Message);
            Assert.Equal(new[] { 0, 1, 2 }, fixture.RunningMembers());

            Assert.True((await ClusterCommandAsync(ClusterCommands.Scale, cts.Token, (ClusterCommands.ReplicasArgument, "4"))).Success);
            var drained = await ClusterCommandAsync(ClusterCommands.Drain, cts.Token, (ClusterCommands.MemberArgument, "migratorydata-1"));
            Assert.True(drained.Success, drained.Message);
            Assert.StartsWith("Drained migratorydata-1: evicted with the PodDisruptionBudget's consent (1 disruptions allowed, 3 members healthy now).", drained.Message);
            Assert.Equal(new[] { 0, 2, 3 }, fixture.RunningMembers());
            var degraded = await WaitForReplicasAsync(desired: 4, current: 3, "Degraded", cts.Token);
            Assert.Equal("migratorydata-1", Property(degraded, ClusterStateProperties.DrainedMembers));
            await AssertSameAnswerAsync(ClusterState.Degraded, membersUp: 3, membersExpected: 4, cts.Token);

            // The budget is spent: a second drain is refused.
            var second = await ClusterCommandAsync(ClusterCommands.Drain, cts.Token, (ClusterCommands.MemberArgument, "migratorydata-2"));
            Assert.False(second.Success);
            Assert.Contains("needs 3 healthy members (MigratoryData:MinAvailable) and has 3, so it allows 0 disruptions", second.Message);

            var uncordoned = await ClusterCommandAsync(ClusterCommands.Uncordon, cts.Token, (ClusterCommands.MemberArgument, "migratorydata-1"));
            Assert.True(uncordoned.Success, uncordoned.Message);
            Assert.Equal(new[] { 0, 1, 2, 3 }, fixture.RunningMembers());
            var restored = await WaitForReplicasAsync(desired: 4, current: 4, "Running", cts.Token);
            Assert.Equal("(none)", Property(restored, ClusterStateProperties.DrainedMembers));
            await AssertSameAnswerAsync(ClusterState.Running, membersUp: 4, membersExpected: 4, cts.Token);
        }
        finally
        {
            await ResetShapeAsync(CancellationToken.None);
        }
    }

    [DockerFact]
    public async Task Operations_rolling_restart_goes_from_the_highest_ordinal_down_and_the_cluster_is_never_unavailable()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await ResetShapeAsync(cts.Token);

        var stops = new List<string>();
        var clusterStates = new List<string>();
        var lastState = new Dictionary<string, string?>();
        var transitions = new List<string>();
        using var watchWindow = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var watch = fixture.Notifications.WatchAsync(watchWindow.Token).GetAsyncEnumerator(watchWindow.Token);
        Assert.True(await watch.MoveNextAsync()); // subscribed before the command, so no transition is missed
        var watching = Task.Run(async () =>
        {
            try
            {
                do
                {
                    var e = watch.Current;
                    if (e.Resource.Name == LocalClusterFixture.ClusterName && e.Snapshot.State?.Text is { } s)
                    {
                        clusterStates.Add(s);
                    }
                    else if (e.Resource is AppHost.Model.MigratoryDataMemberResource)
                    {
                        // The watch starts with every resource's current state: count only transitions into Exited.
                        var known = lastState.TryGetValue(e.Resource.Name, out var before);
                        if (known && before != e.Snapshot.State?.Text)
                        {
                            transitions.Add($"{e.Resource.Name}: {before} -> {e.Snapshot.State?.Text}");
                        }
                        // Under load the orchestrator may report one stop twice (Exited, Starting, Exited again, then
                        // Running): a member's stops that follow each other are one restart.
                        if (known && before != KnownResourceStates.Exited && e.Snapshot.State?.Text == KnownResourceStates.Exited
                            && (stops.Count == 0 || stops[^1] != e.Resource.Name))
                        {
                            stops.Add(e.Resource.Name);
                        }
                        lastState[e.Resource.Name] = e.Snapshot.State?.Text;
                    }
                }
                while (await watch.MoveNextAsync());
            }
            catch (OperationCanceledException)
            {
            }
        });

        // The monitor's answer is sampled throughout as well.
        var monitorStates = new List<ClusterState>();
        using var monitorClient = fixture.App.CreateHttpClient("migratorydata-monitor", "http");
        var sampling = Task.Run(async () =>
        {
            while (!watchWindow.IsCancellationRequested)
            {
                try
                {
                    if (await monitorClient.GetFromJsonAsync<MonitorAnswer>("/cluster", watchWindow.Token) is { } answer)
                    {
                        monitorStates.Add((ClusterState)answer.State);
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(500), watchWindow.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or System.Text.Json.JsonException)
                {
                    // stopping, or no answer this time
                }
            }
        });

        var result = await ClusterCommandAsync(ClusterCommands.RollingRestart, cts.Token);
        Assert.True(result.Success, result.Message);
        Assert.Equal("Restarted migratorydata-2, migratorydata-1, migratorydata-0, in that order, one at a time; the cluster stayed available.", result.Message);
        await WaitForReplicasAsync(desired: 3, current: 3, "Running", cts.Token);
        await watchWindow.CancelAsync();
        await watching;
        await sampling;
        await watch.DisposeAsync();

        Assert.True(stops.SequenceEqual(["migratorydata-2", "migratorydata-1", "migratorydata-0"]),
            $"stops: {string.Join(", ", stops)}; transitions:\n{string.Join('\n', transitions)}");
        Assert.Contains("Degraded", clusterStates); // each member really was down for a moment
        Assert.DoesNotContain("Unavailable", clusterStates);
        Assert.NotEmpty(monitorStates);
        Assert.DoesNotContain(ClusterState.Unavailable, monitorStates);
        await AssertSameAnswerAsync(ClusterState.Running, membersUp: 3, membersExpected: 3, cts.Token);
    }

    [DockerFact]
    public async Task Operations_a_member_started_and_stopped_outside_a_scale_leaves_both_answers_Running_3_of_3()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await ResetShapeAsync(cts.Token);

        // The issue's case: Start then Stop on migratorydata-3 is no scale; the desired count stays 3 in both answers.
        await fixture.StartMemberAsync("migratorydata-3", cts.Token);
        await AssertSameAnswerAsync(ClusterState.Running, membersUp: 4, membersExpected: 4, cts.Token);
        Assert.True((await fixture.Commands.ExecuteCommandAsync("migratorydata-3", KnownResourceCommands.StopCommand, cts.Token)).Success);
        await fixture.Notifications.WaitForResourceAsync("migratorydata-3", KnownResourceStates.TerminalStates, cts.Token);

        var snapshot = await WaitForReplicasAsync(desired: 3, current: 3, "Running", cts.Token);
        Assert.Equal("3 of 5", Property(snapshot, ClusterStateProperties.MembersUp));
        await AssertSameAnswerAsync(ClusterState.Running, membersUp: 3, membersExpected: 3, cts.Token);

        // A stop inside the desired count is a failure in both answers.
        Assert.True((await fixture.Commands.ExecuteCommandAsync("migratorydata-2", KnownResourceCommands.StopCommand, cts.Token)).Success);
        await fixture.Notifications.WaitForResourceAsync("migratorydata-2", KnownResourceStates.TerminalStates, cts.Token);
        await AssertSameAnswerAsync(ClusterState.Degraded, membersUp: 2, membersExpected: 3, cts.Token);
        await ResetShapeAsync(cts.Token);
    }

    /// <summary>Runs a cluster command with named arguments, as the dashboard or the CLI passes them.</summary>
    private async Task<ExecuteCommandResult> ClusterCommandAsync(string command, CancellationToken ct, params (string Name, string Value)[] arguments)
    {
        var inputs = arguments.Select(a => new InteractionInput { Name = a.Name, InputType = InputType.Text, Value = a.Value }).ToList();
        return await fixture.Commands.ExecuteCommandAsync(fixture.Cluster, command, new InteractionInputCollection(inputs), ct);
    }

    /// <summary>The default shape again: nothing drained, 3 desired members, exactly migratorydata-0..2 running and healthy.</summary>
    private async Task ResetShapeAsync(CancellationToken ct)
    {
        var operations = fixture.Cluster.Operations!;
        foreach (var ordinal in operations.Cordoned)
        {
            var uncordon = await ClusterCommandAsync(ClusterCommands.Uncordon, ct, (ClusterCommands.MemberArgument, $"migratorydata-{ordinal}"));
            Assert.True(uncordon.Success, uncordon.Message);
        }
        foreach (var member in fixture.Cluster.Members.Where(m => m.Ordinal < 3 && !fixture.RunningMembers().Contains(m.Ordinal)))
        {
            await fixture.StartMemberAsync(member.Name, ct);
        }
        if (operations.DesiredReplicas != 3)
        {
            var scale = await ClusterCommandAsync(ClusterCommands.Scale, ct, (ClusterCommands.ReplicasArgument, "3"));
            Assert.True(scale.Success, scale.Message);
        }
        foreach (var member in fixture.Cluster.Members.Where(m => m.Ordinal >= 3))
        {
            if (fixture.Notifications.TryGetCurrentState(member.Name, out var e) && e.Snapshot.State?.Text == KnownResourceStates.Running)
            {
                await fixture.Commands.ExecuteCommandAsync(member.Name, KnownResourceCommands.StopCommand, ct);
                await fixture.Notifications.WaitForResourceAsync(member.Name, KnownResourceStates.TerminalStates, ct);
            }
        }
        await WaitForReplicasAsync(desired: 3, current: 3, "Running", ct);
    }

    private Task<CustomResourceSnapshot> WaitForReplicasAsync(int desired, int current, string state, CancellationToken ct) =>
        WaitForClusterAsync(s => s.State?.Text == state
                && Property(s, ClusterStateProperties.DesiredReplicas) == desired.ToString(CultureInfo.InvariantCulture)
                && Property(s, ClusterStateProperties.CurrentReplicas) == current.ToString(CultureInfo.InvariantCulture),
            $"{state} with {desired} desired and {current} current replicas", ct);

    /// <summary>
    /// The AppHost's cluster state and the monitor's <c>/cluster</c> give the same answer, and it is the expected one
    /// (the monitor scrapes every few seconds, so it may take a cycle or two to see the change).
    /// </summary>
    private async Task AssertSameAnswerAsync(ClusterState state, int membersUp, int membersExpected, CancellationToken ct)
    {
        using var monitor = fixture.App.CreateHttpClient("migratorydata-monitor", "http");
        string Describe(CustomResourceSnapshot s, MonitorAnswer? m) =>
            $"AppHost: {s.State?.Text}, up {Property(s, ClusterStateProperties.MembersUp)}, expected {Property(s, ClusterStateProperties.MembersExpected)}, " +
            $"tolerated {Property(s, ClusterStateProperties.FailuresTolerated)}; monitor: {(m is null ? "no answer" : $"{(ClusterState)m.State}, up {m.MembersUp}, expected {m.MembersExpected}, tolerated {m.FailuresTolerated}")}";

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var apphost = fixture.Snapshot(LocalClusterFixture.ClusterName);
            MonitorAnswer? answer = null;
            try
            {
                answer = await monitor.GetFromJsonAsync<MonitorAnswer>("/cluster", ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException)
            {
                // the monitor is not up yet, or has no cycle behind it (204, no body)
            }
            var same = answer is not null
                && apphost.State?.Text == state.ToString() && (ClusterState)answer.State == state
                && Property(apphost, ClusterStateProperties.MembersUp) == $"{membersUp} of 5" && answer.MembersUp == membersUp
                && Property(apphost, ClusterStateProperties.MembersExpected) == membersExpected.ToString(CultureInfo.InvariantCulture)
                && answer.MembersExpected == membersExpected
                && Property(apphost, ClusterStateProperties.FailuresTolerated) == answer.FailuresTolerated.ToString(CultureInfo.InvariantCulture);
            if (same)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Expected both to say {state}, {membersUp} up of {membersExpected} expected. {Describe(apphost, answer)}");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary>The monitor's <c>/cluster</c> JSON (ClusterHealth, with the state as a number).</summary>
    private sealed record MonitorAnswer(int State, int MembersUp, int MembersExpected, int MaxMembers, int SeedsUp, int FailuresTolerated);
}
