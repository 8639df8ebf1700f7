namespace MigratoryAspire.Cluster;

/// <summary>How the cluster as a whole is doing, derived from its members by <see cref="ClusterTopology.Evaluate(IEnumerable{int}, int)"/>.</summary>
public enum ClusterState
{
    /// <summary>Every member that should run is up.</summary>
    Running,

    /// <summary>Some member that should run is down, but the cluster still serves with its delivery mode.</summary>
    Degraded,

    /// <summary>No member is up, or (Guaranteed) a majority of the seed members is down.</summary>
    Unavailable,
}

/// <summary>The cluster's health at one moment.</summary>
/// <param name="State">Running, Degraded or Unavailable.</param>
/// <param name="MembersUp">Members up, of any kind.</param>
/// <param name="MembersExpected">Members that should be up: the desired ones (the first Replicas, or the count of the last scale), plus any other that is up.</param>
/// <param name="MaxMembers">Members listed in ClusterMembers (MaxReplicas).</param>
/// <param name="SeedsUp">Seed members up.</param>
/// <param name="SeedQuorum">Seeds that must stay up for Guaranteed delivery: a majority of the seeds (0 in Standard mode).</param>
/// <param name="GuaranteedDeliveryAvailable">Whether Guaranteed delivery still works (always false in Standard mode).</param>
/// <param name="FailuresTolerated">How many more members may fail, whichever they are, before the cluster is Unavailable.</param>
public sealed record ClusterHealth(
    ClusterState State,
    int MembersUp,
    int MembersExpected,
    int MaxMembers,
    int SeedsUp,
    int SeedQuorum,
    bool GuaranteedDeliveryAvailable,
    int FailuresTolerated);
