namespace MigratoryAspire.Cluster;

/// <summary>One member slot of the cluster: named like the StatefulSet pod that plays it in Kubernetes.</summary>
/// <param name="Ordinal">The pod ordinal: 0 for <c>migratorydata-0</c>.</param>
/// <param name="Name">The member's name, <c>{cluster}-{ordinal}</c>: the local resource and container alias, and the pod name.</param>
/// <param name="IsSeed">Whether the member is a seed (it matters only for <see cref="DeliveryMode.Guaranteed"/>).</param>
/// <param name="StartsWithCluster">Whether the member runs from the start (ordinal below Replicas) or waits to be started (scaling up).</param>
public sealed record ClusterMember(int Ordinal, string Name, bool IsSeed, bool StartsWithCluster);
