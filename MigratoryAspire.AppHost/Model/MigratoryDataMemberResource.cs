using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Model;

/// <summary>One MigratoryData server of a cluster, run locally as a container named like its Kubernetes pod.</summary>
/// <param name="member">The member slot from the cluster's topology.</param>
/// <param name="cluster">The cluster the member belongs to.</param>
public sealed class MigratoryDataMemberResource(ClusterMember member, MigratoryDataClusterResource cluster)
    : ContainerResource(member.Name)
{
    /// <summary>The member slot: ordinal, name, seed, and whether it starts with the cluster.</summary>
    public ClusterMember Member { get; } = member;

    /// <summary>The pod ordinal: 0 for <c>migratorydata-0</c>.</summary>
    public int Ordinal => Member.Ordinal;

    /// <summary>The cluster the member belongs to.</summary>
    public MigratoryDataClusterResource Cluster { get; } = cluster;
}
