using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Telemetry;

/// <summary>The environment that tells the monitor what to watch: the <c>Monitor</c> section its options bind from.</summary>
internal static class MonitorEnvironment
{
    /// <summary>Sets the cluster contract, the credentials and the members' endpoints.</summary>
    /// <param name="context">The monitor's environment callback context.</param>
    /// <param name="cluster">The cluster, read now rather than when the model was declared.</param>
    internal static async Task ApplyAsync(EnvironmentCallbackContext context, MigratoryDataClusterResource cluster)
    {
        var env = context.EnvironmentVariables;
        var options = cluster.Options;
        var contract = ClusterContract.From(cluster.Topology);
        foreach (var (key, value) in ClusterContractVariables.ForCluster(contract))
        {
            env[key] = value;
        }

        env[ClusterContractVariables.Key("Username")] = options.MonitorUsername;
        if (context.ExecutionContext.IsRunMode)
        {
            // The desired replica count changes with the scale command while the monitor runs; it reads it from here.
            env[ClusterContractVariables.Key("DesiredReplicasFile")] = cluster.DesiredReplicasPath;
        }
        // A reference: the secret is resolved when the monitor starts and never written into the model.
        if (cluster.MonitorPassword is { } password)
        {
            env[ClusterContractVariables.Key("Password")] = password;
        }

        // Looked up together: each lookup may wait for DCP, and the waits should overlap, not add up.
        var members = cluster.Members.ToArray();
        var instanceIds = context.ExecutionContext.IsRunMode
            ? await Task.WhenAll(members.Select(m =>
                MemberInstanceIds.GetAsync(context.ExecutionContext.Services, m.Name, context.CancellationToken))).ConfigureAwait(false)
            : new string?[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            // Locally the endpoints are Aspire's (allocated ports), resolved when the monitor starts; the keys are the contract's.
            var member = members[i];
            env[ClusterContractVariables.MemberKey(i, nameof(MemberTarget.Name))] = member.Name;
            env[ClusterContractVariables.MemberKey(i, nameof(MemberTarget.Ordinal))] = member.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
            env[ClusterContractVariables.MemberKey(i, nameof(MemberTarget.MetricsUrl))] = member.GetEndpoint(MigratoryDataClusterResource.MetricsEndpointName);
            env[ClusterContractVariables.MemberKey(i, nameof(MemberTarget.ClientAddress))] =
                member.GetEndpoint(MigratoryDataClusterResource.ClientEndpointName).Property(EndpointProperty.HostAndPort);
            if (instanceIds[i] is { } instanceId)
            {
                env[ClusterContractVariables.MemberKey(i, nameof(MemberTarget.InstanceId))] = instanceId;
            }
        }
    }
}
