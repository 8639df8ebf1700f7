using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.LocalRun;

/// <summary>The properties the cluster resource shows in the dashboard, and their names for tests and tools.</summary>
internal static class ClusterStateProperties
{
    /// <summary>The resource type shown in the dashboard.</summary>
    public const string ResourceType = "MigratoryDataCluster";

    /// <summary>ClusterDeliveryMode: Standard or Guaranteed.</summary>
    public const string DeliveryMode = "migratorydata.delivery-mode";

    /// <summary>The seed members by name, comma-separated (none in Standard mode).</summary>
    public const string SeedMembers = "migratorydata.seed-members";

    /// <summary>Seed members up, e.g. "3 of 3".</summary>
    public const string SeedsUp = "migratorydata.seeds-up";

    /// <summary>Members up of the most the cluster can have, e.g. "3 of 5".</summary>
    public const string MembersUp = "migratorydata.members-up";

    /// <summary>How many more member failures the cluster survives, as a number.</summary>
    public const string FailuresTolerated = "migratorydata.failures-tolerated";

    /// <summary>Whether Guaranteed delivery is available: "true" or "false".</summary>
    public const string GuaranteedDelivery = "migratorydata.guaranteed-delivery";

    /// <summary>The ClusterMembers list every member runs with.</summary>
    public const string ClusterMembers = "migratorydata.cluster-members";

    /// <summary>The desired replica count (the StatefulSet's spec.replicas): Replicas at start, then the last scale.</summary>
    public const string DesiredReplicas = "migratorydata.replicas.desired";

    /// <summary>Members whose container runs now, healthy or not (the StatefulSet's status.replicas).</summary>
    public const string CurrentReplicas = "migratorydata.replicas.current";

    /// <summary>Members that should be up: the desired ones plus any other that is up (the monitor's MembersExpected).</summary>
    public const string MembersExpected = "migratorydata.members-expected";

    /// <summary>Drained members (cordoned), comma-separated, or "(none)".</summary>
    public const string DrainedMembers = "migratorydata.drained-members";

    /// <summary>The properties for a health evaluation of the cluster.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="health">The evaluation.</param>
    /// <param name="desiredReplicas">The desired replica count the evaluation was made against.</param>
    /// <param name="cordoned">The drained members' ordinals, read with <paramref name="desiredReplicas"/>.</param>
    /// <param name="currentReplicas">Members whose container runs now.</param>
    internal static ImmutableArray<ResourcePropertySnapshot> For(
        MigratoryDataClusterResource cluster, ClusterHealth health, int desiredReplicas, IReadOnlySet<int> cordoned, int currentReplicas)
    {
        var drained = cordoned.Order().ToArray();
        var topology = cluster.Topology;
        return
        [
            new(DeliveryMode, topology.DeliveryMode.ToString()) { DisplayName = "Delivery mode" },
            new(SeedMembers, topology.SeedCount == 0 ? "(none: Standard delivery)" : string.Join(", ", topology.Seeds.Select(s => s.Name)))
                { DisplayName = "Seed members" },
            new(SeedsUp, $"{health.SeedsUp} of {topology.SeedCount}") { DisplayName = "Seed members up" },
            new(MembersUp, $"{health.MembersUp} of {health.MaxMembers}") { DisplayName = "Members up" },
            new(DesiredReplicas, desiredReplicas) { DisplayName = "Replicas (desired)" },
            new(CurrentReplicas, currentReplicas) { DisplayName = "Replicas (current)" },
            new(MembersExpected, health.MembersExpected) { DisplayName = "Members expected up" },
            new(DrainedMembers, drained.Length == 0 ? "(none)" : topology.MemberNames(drained)) { DisplayName = "Drained members" },
            new(FailuresTolerated, health.FailuresTolerated) { DisplayName = "Failures still tolerated" },
            new(GuaranteedDelivery, health.GuaranteedDeliveryAvailable ? "true" : "false") { DisplayName = "Guaranteed delivery available" },
            new(ClusterMembers, topology.ClusterMembers()) { DisplayName = "ClusterMembers" },
        ];
    }
}
