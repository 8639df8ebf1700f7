using MigratoryAspire.Cluster;

namespace MigratoryAspire.Tests.Cluster;

/// <summary>The tutorial's operating rules: scale bounds, the PodDisruptionBudget's eviction rule, OrderedReady, rollout.</summary>
public class ClusterRulesTests
{
    // The defaults: 3 of 5 members, MinAvailable 3, Guaranteed with 3 seeds.
    private static readonly ClusterRules Default = Rules(replicas: 3, minAvailable: 3);

    [Theory]
    [InlineData("3", 3)]
    [InlineData("4", 4)]
    [InlineData(" 5 ", 5)]
    public void Scale_accepts_whole_numbers_within_MinAvailable_and_MaxReplicas(string text, int expected)
    {
        Assert.Equal(expected, Default.ParseReplicas(text, out var refusal));
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("abc", "replicas is 'abc', but it must be a whole number from MigratoryData:MinAvailable (3) to MigratoryData:MaxReplicas (5).")]
    [InlineData("4.5", "replicas is '4.5', but it must be a whole number from MigratoryData:MinAvailable (3) to MigratoryData:MaxReplicas (5).")]
    [InlineData("", "replicas is '', but it must be a whole number")]
    [InlineData("6", "replicas is 6, but it must not exceed MigratoryData:MaxReplicas (5)")]
    [InlineData("2", "replicas is 2, but it must not be below MigratoryData:MinAvailable (3)")]
    [InlineData("-1", "replicas is -1, but it must not be below MigratoryData:MinAvailable (3)")]
    public void Scale_refuses_what_is_not_a_whole_number_in_bounds_naming_the_setting_and_bound(string text, string expectedStart)
    {
        Assert.Null(Default.ParseReplicas(text, out var refusal));
        Assert.StartsWith(expectedStart, refusal);
    }

    [Fact]
    public void Scale_up_starts_the_next_ordinals_in_order_and_scale_down_stops_the_highest_first()
    {
        var up = Default.PlanScale(Status(3, up: [0, 1, 2]), 5);
        var down = Default.PlanScale(Status(5, up: [0, 1, 2, 3, 4]), 3);

        Assert.Null(up.Refusal);
        Assert.Equal([3, 4], up.Start);
        Assert.Empty(up.Stop);
        Assert.Null(down.Refusal);
        Assert.Equal([4, 3], down.Stop);
        Assert.Empty(down.Start);
    }

    [Fact]
    public void Scale_waits_for_lower_members_as_OrderedReady_does_and_names_the_drained_one()
    {
        var plan = Default.PlanScale(Status(4, up: [0, 2, 3], cordoned: [1]), 3);

        Assert.StartsWith("migratorydata-1 is not Running and Ready (drained); with podManagementPolicy OrderedReady", plan.Refusal);
        Assert.Empty(plan.Stop);
    }

    [Fact]
    public void The_budget_allows_healthy_members_minus_MinAvailable()
    {
        Assert.Equal(0, Default.DisruptionsAllowed(3));
        Assert.Equal(1, Default.DisruptionsAllowed(4));
        Assert.Equal(0, Default.DisruptionsAllowed(2)); // never negative
        Assert.Equal(2, ClusterRules.DisruptionsAllowed(5, 3));
    }

    [Fact]
    public void Drain_is_refused_at_Replicas_equal_to_MinAvailable_with_the_budgets_numbers()
    {
        var refusal = Default.CheckEviction(Status(3, up: [0, 1, 2]), 1);

        Assert.Equal("Cannot evict migratorydata-1: it would violate the PodDisruptionBudget migratorydata-pdb. The budget needs 3 healthy " +
                     "members (MigratoryData:MinAvailable) and has 3, so it allows 0 disruptions. With MigratoryData:MinAvailable equal to the " +
                     "replicas (3) no drain can ever proceed: scale up first (scale --replicas 4) or lower MinAvailable.", refusal);
    }

    [Fact]
    public void Drain_is_allowed_with_one_member_to_spare_and_the_next_one_is_refused()
    {
        Assert.Null(Default.CheckEviction(Status(4, up: [0, 1, 2, 3]), 1));
        Assert.Contains("needs 3 healthy members (MigratoryData:MinAvailable) and has 3, so it allows 0 disruptions",
            Default.CheckEviction(Status(4, up: [0, 2, 3], cordoned: [1]), 2));
    }

    [Fact]
    public void An_unhealthy_member_may_be_evicted_while_the_budget_is_met()
    {
        // IfHealthyBudget: migratorydata-3 is down (a crash), the other three meet minAvailable 3.
        Assert.Null(Default.CheckEviction(Status(4, up: [0, 1, 2]), 3));
        // Below the budget even an unhealthy member stays.
        Assert.NotNull(Default.CheckEviction(Status(4, up: [0, 1]), 3));
    }

    [Fact]
    public void Drain_refuses_a_member_already_drained_or_not_in_the_StatefulSet()
    {
        Assert.Equal("migratorydata-1 is already drained; uncordon it to bring it back.",
            Default.CheckEviction(Status(4, up: [0, 2, 3], cordoned: [1]), 1));
        Assert.StartsWith("migratorydata-4 is not running: the StatefulSet has 3 replicas", Default.CheckEviction(Status(3, up: [0, 1, 2]), 4));
        Assert.StartsWith("'migratorydata-7' is not a member", Default.CheckEviction(Status(3, up: [0, 1, 2]), 7));
    }

    [Fact]
    public void Rollout_goes_from_the_highest_ordinal_down()
    {
        Assert.Equal([3, 2, 1, 0], ClusterRules.RolloutOrder(4));
    }

    [Fact]
    public void Rollout_waits_while_a_desired_member_is_not_ready()
    {
        var refusal = Default.CheckRestartStep(Status(3, up: [0, 2]), 2);

        Assert.StartsWith("migratorydata-1 is not Running and Ready; a rolling update restarts migratorydata-2 only when every member is ready", refusal);
    }

    [Fact]
    public void Rollout_of_a_healthy_cluster_may_restart_any_one_member_even_at_MinAvailable_equal_to_Replicas()
    {
        // The StatefulSet controller deletes pods itself: the budget does not gate a rollout, delivery does.
        foreach (var ordinal in ClusterRules.RolloutOrder(3))
        {
            Assert.Null(Default.CheckRestartStep(Status(3, up: [0, 1, 2]), ordinal));
        }
    }

    [Fact]
    public void Rollout_stops_where_the_cluster_would_become_unavailable()
    {
        var single = new ClusterRules(ClusterTopology.Create("md", 1, 1, 3, DeliveryMode.Standard), 1, "MigratoryData:");

        var refusal = single.CheckRestartStep(Status(1, up: [0]), 0);

        Assert.StartsWith("Restarting md-0 would make the cluster Unavailable: Standard delivery needs one member up, and none would be.", refusal);
    }

    [Fact]
    public void Guaranteed_rollout_stops_before_losing_the_seed_majority()
    {
        // Five seeds, quorum 3: with all five up, one may restart.
        var rules = new ClusterRules(ClusterTopology.Create("md", 5, 7, 5, DeliveryMode.Guaranteed), 5, "MigratoryData:");
        var refusal = rules.CheckRestartStep(new ClusterStatus(5, new HashSet<int> { 0, 1, 2, 3, 4 }, new HashSet<int>()), 0);
        Assert.Null(refusal);

        // Scaled to 3 of the 5 seeds: restarting a seed would leave 2 of 5, below the quorum.
        var thin = new ClusterRules(ClusterTopology.Create("md", 5, 7, 5, DeliveryMode.Guaranteed), 3, "MigratoryData:");
        var stop = thin.CheckRestartStep(new ClusterStatus(3, new HashSet<int> { 0, 1, 2 }, new HashSet<int>()), 2);
        Assert.StartsWith("Restarting md-2 would make the cluster Unavailable: Guaranteed delivery needs 3 of 5 seed members up, and 2 would be.", stop);
    }

    [Fact]
    public void The_desired_members_are_the_first_N_and_the_state_follows_them()
    {
        var topology = ClusterTopology.Create("migratorydata", 3, 5, 3, DeliveryMode.Guaranteed);

        // Started then stopped outside a scale: not desired, so not missed (the AppHost and the monitor agree).
        Assert.Equal(ClusterState.Running, topology.Evaluate([0, 1, 2], desiredReplicas: 3).State);
        // Scaled to 4 and migratorydata-3 then stopped: a failure against the desired count.
        var degraded = topology.Evaluate([0, 1, 2], desiredReplicas: 4);
        Assert.Equal((ClusterState.Degraded, 3, 4), (degraded.State, degraded.MembersUp, degraded.MembersExpected));
        // A member running beyond the desired count counts while it runs.
        Assert.Equal((ClusterState.Running, 4), (topology.Evaluate([0, 1, 2, 3], 3).State, topology.Evaluate([0, 1, 2, 3], 3).MembersExpected));
        Assert.Equal([0, 1, 2, 3], ClusterRules.DesiredMembers(4));
    }

    [Fact]
    public void The_desired_count_file_round_trips_and_a_missing_or_broken_file_reads_as_none()
    {
        var dir = Directory.CreateTempSubdirectory("desired-");
        try
        {
            var path = Path.Combine(dir.FullName, "md.replicas");
            Assert.Null(DesiredReplicasFile.TryRead(path));
            Assert.Null(DesiredReplicasFile.TryRead(null));

            DesiredReplicasFile.Write(path, 4);
            Assert.Equal(4, DesiredReplicasFile.TryRead(path));
            DesiredReplicasFile.Write(path, 3);
            Assert.Equal(3, DesiredReplicasFile.TryRead(path));
            Assert.Single(Directory.GetFiles(dir.FullName)); // no temporary file left behind

            File.WriteAllText(path, "four");
            Assert.Null(DesiredReplicasFile.TryRead(path));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static ClusterRules Rules(int replicas, int minAvailable) =>
        new(ClusterTopology.Create("migratorydata", replicas, 5, 3, DeliveryMode.Guaranteed), minAvailable, "MigratoryData:");

    private static ClusterStatus Status(int desired, int[] up, int[]? cordoned = null) =>
        new(desired, up.ToHashSet(), (cordoned ?? []).ToHashSet());
}
