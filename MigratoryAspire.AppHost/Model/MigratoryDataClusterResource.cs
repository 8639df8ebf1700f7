using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Model;

// STAND-IN until the lead's version lands on main: same name and the members the publisher uses.
/// <summary>A MigratoryData cluster.</summary>
public sealed class MigratoryDataClusterResource(string name, MigratoryDataClusterOptions options) : Resource(name), IResourceWithConnectionString
{
    /// <summary>The validated settings.</summary>
    public MigratoryDataClusterOptions Options { get; } = options;

    /// <summary>The cluster's topology.</summary>
    public ClusterTopology Topology { get; } = options.ToTopology(name);

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Name}");
}
