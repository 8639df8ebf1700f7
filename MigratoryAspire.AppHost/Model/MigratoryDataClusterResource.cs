using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Model;

/// <summary>
/// A MigratoryData cluster: the parent of its member containers in the dashboard, the owner of the settings and the
/// topology, and a connection-string resource whose value is the list of member client URLs a MigratoryData client
/// passes to <c>SetServers</c>.
/// </summary>
/// <param name="name">The cluster name: the StatefulSet name and the prefix of every member name.</param>
/// <param name="options">The settings, validated once when the AppHost starts or publishes.</param>
public sealed class MigratoryDataClusterResource(string name, MigratoryDataClusterOptions options)
    : Resource(name), IResourceWithConnectionString
{
    /// <summary>The client endpoint (HTTP and WebSocket, port 8800 by default).</summary>
    public const string ClientEndpointName = "client";

    /// <summary>The Prometheus monitor endpoint (port 9900 by default).</summary>
    public const string MetricsEndpointName = "metrics";

    /// <summary>The inter-cluster endpoints, one per port (8801–8804 by default).</summary>
    public static IReadOnlyList<string> ClusterEndpointNames { get; } =
        Enumerable.Range(1, ClusterPorts.ClusterPortCount).Select(i => $"cluster{i}").ToArray();

    private readonly List<MigratoryDataMemberResource> _members = [];

    /// <summary>The settings: from configuration, then code. <c>With…</c> methods change them until the AppHost starts.</summary>
    public MigratoryDataClusterOptions Options { get; } = options;

    /// <summary>Member names, seeds, ClusterMembers and the tolerance rule, computed from <see cref="Options"/>.</summary>
    /// <remarks>Valid once the settings are (see <see cref="MigratoryDataClusterOptionsValidator"/>).</remarks>
    public ClusterTopology Topology => Options.ToTopology(Name);

    /// <summary>Errors found while reading configuration; reported with the validation errors when the AppHost starts.</summary>
    internal IReadOnlyList<string> ConfigurationErrors { get; init; } = [];

    /// <summary>Every member slot, in ClusterMembers order (MaxReplicas of them).</summary>
    public IReadOnlyList<MigratoryDataMemberResource> Members => _members;

    /// <summary>The server's LicenseKey, when one is given; otherwise the image's own key applies.</summary>
    public ParameterResource? LicenseKey { get; internal set; }

    /// <summary>The ClusterPassword shared by the members, when one is given.</summary>
    public ParameterResource? ClusterPassword { get; internal set; }

    /// <summary>MonitorPassword for the Prometheus endpoint; generated when not given. Null in publish mode, which needs no secret value.</summary>
    public ParameterResource? MonitorPassword { get; internal set; }

    /// <summary>Warnings found by validation in publish mode; the publish step logs them so the Aspire CLI shows them.</summary>
    internal IReadOnlyList<string> PublishWarnings { get; set; } = [];

    /// <summary>Invalid settings found in publish mode under the Aspire CLI, reported by the validate step.</summary>
    internal MigratoryDataConfigurationException? PendingFailure { get; set; }

    /// <summary>The AppHost's assembly: tells whether this process is the AppHost (it may end itself) or a test host.</summary>
    internal System.Reflection.Assembly? AppHostAssembly { get; init; }

    /// <summary>The client URLs of the members that start with the cluster, comma-separated.</summary>
    /// <remarks>Members started later (scale-up) are reached through failover, as clients reach new pods through the load balancer.</remarks>
    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var builder = new ReferenceExpressionBuilder();
            var first = true;
            foreach (var member in _members.Where(m => m.StartsWithCluster))
            {
                if (!first)
                {
                    builder.AppendLiteral(",");
                }
                builder.Append($"{member.GetEndpoint(ClientEndpointName).Property(EndpointProperty.Url)}");
                first = false;
            }
            return builder.Build();
        }
    }

    /// <summary>The local run's operations state (desired replicas, drained members); set when the cluster initializes.</summary>
    internal LocalRun.ClusterOperations? Operations { get; set; }

    /// <summary>
    /// Where the local run keeps the desired replica count for the monitor (<see cref="DesiredReplicasFile"/>): a file
    /// of this AppHost run in the temporary folder, removed when the AppHost stops.
    /// </summary>
    internal string DesiredReplicasPath { get; } =
        Path.Combine(Path.GetTempPath(), "migratoryaspire", $"{name}-{Guid.NewGuid():N}.replicas");

    internal void AddMember(MigratoryDataMemberResource member) => _members.Add(member);

    internal void RemoveMember(MigratoryDataMemberResource member) => _members.Remove(member);
}
