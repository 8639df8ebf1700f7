using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Telemetry;

namespace Aspire.Hosting;

/// <summary>Adds the telemetry bridge that brings MigratoryData members' Prometheus metrics into the Aspire dashboard.</summary>
public static class MigratoryDataMonitorExtensions
{
    /// <summary>The configuration section the monitor reads (its environment variables start with <c>Monitor__</c>).</summary>
    public const string MonitorSection = "Monitor";

    /// <summary>
    /// Adds the monitor service <c>{cluster}-monitor</c>, a child of the cluster in the dashboard. Every scrape interval it
    /// reads each member's Prometheus page (with MonitorUsername and the MonitorPassword parameter as query parameters),
    /// re-exports the series over OTLP with the member as the telemetry resource, probes each member's client port, and
    /// reports the cluster signals (members and seeds up, guaranteed delivery, failures tolerated).
    /// </summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="configureMonitor">Further changes to the monitor resource, e.g. <c>m => m.WithEnvironment("Monitor__ScrapeInterval", "00:00:10")</c>.</param>
    /// <returns>The cluster builder.</returns>
    /// <remarks>
    /// The members, their endpoints and the cluster settings are read when the monitor starts, so the <c>With…</c> methods
    /// may be called before or after this one. The monitor waits for no member: one that is down or not started yet is
    /// reported as such and picked up when it comes up. This resource is the local run's; the publisher emits the monitor
    /// for AKS itself (a Deployment with the same cluster contract, <c>MigratoryData:Kubernetes:Telemetry</c>).
    /// </remarks>
    public static IResourceBuilder<MigratoryDataClusterResource> WithMonitor(
        this IResourceBuilder<MigratoryDataClusterResource> cluster,
        Action<IResourceBuilder<ProjectResource>>? configureMonitor = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var name = $"{cluster.Resource.Name}-monitor";
        if (cluster.ApplicationBuilder.Resources.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"Cluster '{cluster.Resource.Name}' already has a monitor ('{name}'); call WithMonitor once.");
        }

        var environment = cluster.ApplicationBuilder.Environment;
        var monitor = cluster.ApplicationBuilder.AddProject<Projects.MigratoryAspire_Monitor>(name)
            .WithParentRelationship(cluster)
            .WithIconName("HeartPulse")
            .WithHttpEndpoint(name: "http")
            // The project has no launch profile to name its environment; it runs in the AppHost's.
            .WithEnvironment("DOTNET_ENVIRONMENT", environment.EnvironmentName)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment.EnvironmentName)
            .WithEnvironment(context => MonitorEnvironment.ApplyAsync(context, cluster.Resource))
            .ExcludeFromManifest();
        if (environment.IsDevelopment())
        {
            // The service defaults map /health in Development only.
            monitor.WithHttpHealthCheck("/health");
        }

        configureMonitor?.Invoke(monitor);
        return cluster;
    }
}
