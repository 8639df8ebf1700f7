using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.AppHost.Model;

namespace MigratoryAspire.AppHost.Telemetry;

/// <summary>The environment that tells the monitor what to watch: the <c>Monitor</c> section its options bind from.</summary>
internal static class MonitorEnvironment
{
    private const string Prefix = "Monitor__";

    /// <summary>Sets the cluster settings, the credentials and one block per member.</summary>
    /// <param name="context">The monitor's environment callback context.</param>
    /// <param name="cluster">The cluster, read now rather than when the model was declared.</param>
    internal static async Task ApplyAsync(EnvironmentCallbackContext context, MigratoryDataClusterResource cluster)
    {
        var env = context.EnvironmentVariables;
        var options = cluster.Options;
        env[Prefix + "ClusterName"] = cluster.Name;
        env[Prefix + "Replicas"] = options.Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env[Prefix + "MaxReplicas"] = options.MaxReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env[Prefix + "SeedMemberCount"] = options.SeedMemberCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env[Prefix + "DeliveryMode"] = options.DeliveryMode.ToString();
        env[Prefix + "ClusterPort"] = options.ClusterPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env[Prefix + "Username"] = options.MonitorUsername;
        // A reference: the secret is resolved when the monitor starts and never written into the model.
        if (cluster.MonitorPassword is { } password)
        {
            env[Prefix + "Password"] = password;
        }

        // Looked up together: each lookup may wait for DCP, and the waits should overlap, not add up.
        var members = cluster.Members.ToArray();
        var instanceIds = context.ExecutionContext.IsRunMode
            ? await Task.WhenAll(members.Select(m =>
                MemberInstanceIds.GetAsync(context.ExecutionContext.Services, m.Name, context.CancellationToken))).ConfigureAwait(false)
            : new string?[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            var member = members[i];
            var key = $"{Prefix}Members__{i}__";
            env[key + "Name"] = member.Name;
            env[key + "Ordinal"] = member.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
            env[key + "MetricsUrl"] = member.GetEndpoint(MigratoryDataClusterResource.MetricsEndpointName);
            env[key + "ClientAddress"] = member.GetEndpoint(MigratoryDataClusterResource.ClientEndpointName).Property(EndpointProperty.HostAndPort);
            if (instanceIds[i] is { } instanceId)
            {
                env[key + "InstanceId"] = instanceId;
            }
        }
    }
}
