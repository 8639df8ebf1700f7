using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Model;

/// <summary>One MigratoryData server of a cluster, run locally as a container named like its Kubernetes pod.</summary>
/// <param name="cluster">The cluster the member belongs to.</param>
/// <param name="ordinal">The pod ordinal: 0 for <c>migratorydata-0</c>.</param>
public sealed class MigratoryDataMemberResource(MigratoryDataClusterResource cluster, int ordinal)
    : ContainerResource(ClusterTopology.MemberName(cluster.Name, ordinal))
{
    /// <summary>The pod ordinal: 0 for <c>migratorydata-0</c>.</summary>
    public int Ordinal { get; } = ordinal;

    /// <summary>The cluster the member belongs to.</summary>
    public MigratoryDataClusterResource Cluster { get; } = cluster;

    /// <summary>Whether the member runs from the start (its ordinal is below Replicas) or waits to be started.</summary>
    public bool StartsWithCluster => Ordinal < Cluster.Options.Replicas;
}
