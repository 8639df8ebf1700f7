using System.Text.RegularExpressions;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Cluster;

public class ClusterTopologyTests
{
    private const string Domain = "migratorydata-hs.migratory.svc.cluster.local";

    [Fact]
    public void Default_settings_list_five_members_and_start_three_with_three_seeds()
    {
        var topology = new MigratoryDataClusterOptions().ToTopology("migratorydata");

        Assert.Equal(["migratorydata-0", "migratorydata-1", "migratorydata-2", "migratorydata-3", "migratorydata-4"],
            topology.Members.Select(m => m.Name));
        Assert.Equal([true, true, true, false, false], topology.Members.Select(m => m.StartsWithCluster));
        Assert.Equal(["migratorydata-0", "migratorydata-1", "migratorydata-2"], topology.Seeds.Select(s => s.Name));
        Assert.Equal(2, topology.SeedQuorum);
    }

    [Fact]
    public void ClusterMembers_lists_every_slot_at_the_first_cluster_port_in_ordinal_order()
    {
        var topology = ClusterTopology.Create("md", replicas: 3, maxReplicas: 4, seedMemberCount: 3, DeliveryMode.Guaranteed);

        Assert.Equal("md-0:8801,md-1:8801,md-2:8801,md-3:8801", topology.ClusterMembers());
        Assert.Equal("md-0.hs.ns.svc:8801,md-1.hs.ns.svc:8801,md-2.hs.ns.svc:8801,md-3.hs.ns.svc:8801", topology.ClusterMembers("hs.ns.svc"));
        Assert.Equal("md-2:8801", topology.ClusterMemberListen(2));
        Assert.Equal("md-2.hs.ns.svc:8801", topology.ClusterMemberListen(2, "hs.ns.svc"));
    }

    [Fact]
    public void The_cluster_port_setting_moves_every_address()
    {
        var topology = ClusterTopology.Create("md", 3, 3, 3, DeliveryMode.Guaranteed, clusterPort: 9801);
        Assert.Equal("md-0:9801,md-1:9801,md-2:9801", topology.ClusterMembers());
    }

    [Theory]
    [InlineData(5, 5, 5)]
    [InlineData(5, 3, 3)]
    [InlineData(7, 5, 5)]
    [InlineData(4, 3, 3)]
    public void Seeds_are_the_first_SeedMemberCount_members_in_Guaranteed_mode(int maxReplicas, int seedMemberCount, int expectedSeeds)
    {
        var topology = ClusterTopology.Create("md", 3, maxReplicas, seedMemberCount, DeliveryMode.Guaranteed);
        Assert.Equal(Enumerable.Range(0, expectedSeeds), topology.Seeds.Select(s => s.Ordinal));
        Assert.Equal(expectedSeeds / 2 + 1, topology.SeedQuorum);
    }

    [Fact]
    public void Standard_mode_has_no_seeds()
    {
        var topology = ClusterTopology.Create("md", 2, 5, 3, DeliveryMode.Standard);
        Assert.Empty(topology.Seeds);
        Assert.Equal(0, topology.SeedQuorum);
    }

    [Theory]
    // Guaranteed, 3 seeds of 5 slots, 3 started: tolerates one failure (a seed majority of 2 must stay).
    [InlineData(DeliveryMode.Guaranteed, 3, 5, 3, new[] { 0, 1, 2 }, ClusterState.Running, 1, true)]
    [InlineData(DeliveryMode.Guaranteed, 3, 5, 3, new[] { 0, 1 }, ClusterState.Degraded, 0, true)]
    [InlineData(DeliveryMode.Guaranteed, 3, 5, 3, new[] { 0 }, ClusterState.Unavailable, 0, false)]
    [InlineData(DeliveryMode.Guaranteed, 3, 5, 3, new int[0], ClusterState.Unavailable, 0, false)]
    // A non-seed member adds capacity, not tolerance: the next failures may hit seeds.
    [InlineData(DeliveryMode.Guaranteed, 4, 5, 3, new[] { 0, 1, 2, 3 }, ClusterState.Running, 1, true)]
    [InlineData(DeliveryMode.Guaranteed, 4, 5, 3, new[] { 1, 2, 3 }, ClusterState.Degraded, 0, true)]
    // Two non-seeds up and one seed: the seed majority is gone, Guaranteed delivery is not available.
    [InlineData(DeliveryMode.Guaranteed, 5, 5, 3, new[] { 2, 3, 4 }, ClusterState.Unavailable, 0, false)]
    // Five seeds: a majority of three must stay up, so two failures are tolerated.
    [InlineData(DeliveryMode.Guaranteed, 5, 5, 5, new[] { 0, 1, 2, 3, 4 }, ClusterState.Running, 2, true)]
    [InlineData(DeliveryMode.Guaranteed, 5, 7, 5, new[] { 0, 1, 2, 4 }, ClusterState.Degraded, 1, true)]
    // Standard: any failure is fine while one member is up.
    [InlineData(DeliveryMode.Standard, 3, 5, 3, new[] { 0, 1, 2 }, ClusterState.Running, 2, false)]
    [InlineData(DeliveryMode.Standard, 3, 5, 3, new[] { 2 }, ClusterState.Degraded, 0, false)]
    [InlineData(DeliveryMode.Standard, 3, 5, 3, new int[0], ClusterState.Unavailable, 0, false)]
    [InlineData(DeliveryMode.Standard, 1, 1, 3, new[] { 0 }, ClusterState.Running, 0, false)]
    public void Evaluate_applies_the_tolerance_rule(
        DeliveryMode mode, int replicas, int maxReplicas, int seeds, int[] up, ClusterState state, int tolerated, bool guaranteed)
    {
        var topology = ClusterTopology.Create("md", replicas, maxReplicas, seeds, mode);

        var health = topology.Evaluate(up);

        Assert.Equal(state, health.State);
        Assert.Equal(tolerated, health.FailuresTolerated);
        Assert.Equal(guaranteed, health.GuaranteedDeliveryAvailable);
        Assert.Equal(up.Length, health.MembersUp);
        Assert.Equal(maxReplicas, health.MaxMembers);
    }

    [Fact]
    public void A_member_started_beyond_replicas_counts_as_expected_and_its_loss_degrades_the_cluster()
    {
        var topology = ClusterTopology.Create("md", 3, 5, 3, DeliveryMode.Guaranteed);

        var scaledUp = topology.Evaluate([0, 1, 2, 3], expectedOrdinals: [0, 1, 2, 3]);
        var lostScaledUp = topology.Evaluate([0, 1, 2], expectedOrdinals: [0, 1, 2, 3]);

        Assert.Equal(ClusterState.Running, scaledUp.State);
        Assert.Equal(4, scaledUp.MembersExpected);
        Assert.Equal(ClusterState.Degraded, lostScaledUp.State);
        Assert.Equal(1, lostScaledUp.FailuresTolerated);
    }

    [Fact]
    public void Create_rejects_shapes_no_cluster_can_have()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterTopology.Create("md", 4, 3, 3, DeliveryMode.Guaranteed));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterTopology.Create("md", 0, 0, 3, DeliveryMode.Guaranteed));
        Assert.Throws<ArgumentException>(() => ClusterTopology.Create(" ", 3, 3, 3, DeliveryMode.Guaranteed));
    }

    [SeedTheory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_pod_gets_what_the_tutorials_own_script_computes(int maxReplicas)
    {
        // The tutorial's script hard-codes MAX_REPLICAS=5 (its marker D); the other sizes are the same script with that one value changed.
        var script = Regex.Replace(TutorialStartupScript.Read(), @"MAX_REPLICAS=\d+", $"MAX_REPLICAS={maxReplicas}");
        var topology = ClusterTopology.Create("migratorydata", 3, maxReplicas, 3, DeliveryMode.Guaranteed);

        foreach (var member in topology.Members)
        {
            var pod = StartupScriptRun.Run(script, member.Name, Domain, new Dictionary<string, string> { ["MIGRATORYDATA_EXTRA_OPTS"] = "" });

            Assert.Equal(topology.ClusterMemberListen(member.Ordinal, Domain), pod.Item("ClusterMemberListen"));
            Assert.Equal(topology.ClusterMembers(Domain), pod.Item("ClusterMembers"));
        }
    }
}
