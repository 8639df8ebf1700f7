using k8s.Models;

namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>
/// The member-telemetry objects deployed with the cluster: the Aspire dashboard (Deployment, Service, NetworkPolicy), the
/// monitor (Deployment, NetworkPolicy) and, for Azure Monitor managed Prometheus, its scrape configuration. Built by
/// <see cref="TelemetryManifestMapper"/>; optional objects are null when their setting turns them off.
/// </summary>
internal sealed record TelemetryManifests(
    V1Deployment Dashboard,
    V1Service DashboardService,
    V1NetworkPolicy? DashboardNetworkPolicy,
    V1Deployment Monitor,
    V1NetworkPolicy? MonitorNetworkPolicy,
    V1ConfigMap? PrometheusScrapeConfig);
