using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.LocalRun;

/// <summary>Declares one member container of a cluster for the local run.</summary>
internal static class MigratoryDataMemberBuilder
{
    /// <summary>
    /// Adds the member container: image, endpoints (client over HTTP, the four cluster ports over TCP, metrics over
    /// HTTP), the environment the image reads, a health check on the client port, and explicit start for members
    /// beyond Replicas (so "Start" in the dashboard is the local <c>kubectl scale</c>).
    /// </summary>
    internal static IResourceBuilder<MigratoryDataMemberResource> AddMigratoryDataMember(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<MigratoryDataClusterResource> cluster,
        ClusterMember slot)
    {
        var options = cluster.Resource.Options;
        var member = new MigratoryDataMemberResource(slot, cluster.Resource);
        cluster.Resource.AddMember(member);

        var memberBuilder = builder.AddResource(member)
            .WithImage(options.Image, options.Tag)
            .WithIconName("Server")
            .WithParentRelationship(cluster)
            .WithHttpEndpoint(targetPort: options.ClientPort, name: MigratoryDataClusterResource.ClientEndpointName)
            .WithHttpEndpoint(targetPort: options.MetricsPort, name: MigratoryDataClusterResource.MetricsEndpointName)
            // An init process reaps children and forwards SIGTERM, so a member stops in seconds, not after docker's 10 s grace.
            .WithContainerRuntimeArgs("--init")
            .WithMemberEnvironment()
            .ExcludeFromManifest();

        var clusterPorts = ClusterPorts.ClusterRange(options.ClusterPort);
        for (var i = 0; i < clusterPorts.Count; i++)
        {
            // Members talk to each other on the container network; the host needs no proxy in between.
            memberBuilder.WithEndpoint(targetPort: clusterPorts[i], scheme: "tcp",
                name: MigratoryDataClusterResource.ClusterEndpointNames[i], isProxied: false);
        }

        var healthCheckKey = $"{member.Name}_client_port";
        builder.Services.AddHttpClient(healthCheckKey);
        // A probe every few seconds per member would drown the AppHost's console in HttpClient request logs.
        builder.Services.AddLogging(logging => logging.AddFilter($"System.Net.Http.HttpClient.{healthCheckKey}", LogLevel.Warning));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            sp => new MemberClientPortHealthCheck(
                member.GetEndpoint(MigratoryDataClusterResource.ClientEndpointName),
                () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(healthCheckKey)),
            failureStatus: HealthStatus.Unhealthy,
            tags: null));
        memberBuilder.WithHealthCheck(healthCheckKey);

        if (!slot.StartsWithCluster)
        {
            memberBuilder.WithExplicitStart();
        }
        return memberBuilder;
    }
}
