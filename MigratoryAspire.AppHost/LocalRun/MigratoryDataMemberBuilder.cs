using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.LocalRun;

/// <summary>Declares the member containers of a cluster for the local run and keeps them in line with its settings.</summary>
internal static class MigratoryDataMemberBuilder
{
    /// <summary>
    /// Makes the member resources match the settings: one per slot (MaxReplicas), each with the current image and
    /// ports, and explicit start for the members beyond Replicas (so "Start" in the dashboard is the local
    /// <c>kubectl scale</c>). Called after every change, so the order of <c>With…</c> calls never matters.
    /// </summary>
    internal static void SyncMembers(this IResourceBuilder<MigratoryDataClusterResource> cluster)
    {
        var app = cluster.ApplicationBuilder;
        var resource = cluster.Resource;
        var options = resource.Options;

        // Out-of-range values are reported by validation when the AppHost starts; until then keep a sane count.
        var wanted = Math.Clamp(options.MaxReplicas, 1, MigratoryDataClusterOptionsValidator.MaxMembers);
        while (resource.Members.Count > wanted)
        {
            var last = resource.Members[^1];
            app.Resources.Remove(last);
            resource.RemoveMember(last);
        }
        while (resource.Members.Count < wanted)
        {
            app.AddMigratoryDataMember(cluster, resource.Members.Count);
        }

        ClusterCommands.SyncMemberChoices(resource);

        var clusterPorts = ClusterPorts.ClusterRange(options.ClusterPort);
        // A digest pins the image by content (Image@sha256:…); Aspire keeps it apart from the tag.
        var digest = ImageReference.IsDigest(options.Tag);
        foreach (var member in resource.Members)
        {
            var image = member.Annotations.OfType<ContainerImageAnnotation>().Single();
            image.Image = options.Image;
            // Tag and SHA256 exclude each other: setting one clears the other.
            if (digest)
            {
                image.SHA256 = options.Tag["sha256:".Length..];
            }
            else
            {
                image.Tag = options.Tag;
            }

            foreach (var endpoint in member.Annotations.OfType<EndpointAnnotation>())
            {
                endpoint.TargetPort = endpoint.Name switch
                {
                    MigratoryDataClusterResource.ClientEndpointName => options.ClientPort,
                    MigratoryDataClusterResource.MetricsEndpointName => options.MetricsPort,
                    _ => clusterPorts[MigratoryDataClusterResource.ClusterEndpointNames.ToList().IndexOf(endpoint.Name)],
                };
            }

            var explicitStart = member.Annotations.OfType<ExplicitStartupAnnotation>().ToArray();
            if (member.StartsWithCluster)
            {
                foreach (var annotation in explicitStart)
                {
                    member.Annotations.Remove(annotation);
                }
            }
            else if (explicitStart.Length == 0)
            {
                member.Annotations.Add(new ExplicitStartupAnnotation());
            }
        }
    }

    /// <summary>
    /// Adds one member container: endpoints (client over HTTP, the four cluster ports over TCP, metrics over HTTP),
    /// the environment the image reads, and a health check on the client port. Image and ports are set by
    /// <see cref="SyncMembers"/>.
    /// </summary>
    private static void AddMigratoryDataMember(
        this IDistributedApplicationBuilder builder, IResourceBuilder<MigratoryDataClusterResource> cluster, int ordinal)
    {
        var options = cluster.Resource.Options;
        var member = new MigratoryDataMemberResource(cluster.Resource, ordinal);
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

        foreach (var name in MigratoryDataClusterResource.ClusterEndpointNames)
        {
            // Members talk to each other on the container network; the host needs no proxy in between.
            memberBuilder.WithEndpoint(scheme: "tcp", name: name, isProxied: false);
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
    }
}
