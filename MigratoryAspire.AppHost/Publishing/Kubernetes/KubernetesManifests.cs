using k8s;
using k8s.Models;

namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>The Kubernetes objects of one cluster, as data: built by <see cref="KubernetesManifestMapper"/>, written by
/// <see cref="KubernetesManifestWriter"/>. Optional objects are null when their setting turns them off.</summary>
internal sealed record KubernetesManifests(
    KubernetesNames Names,
    V1Namespace Namespace,
    V1Secret Secret,
    V1Service ClientService,
    V1Service HeadlessService,
    V1NetworkPolicy? NetworkPolicy,
    V1PodDisruptionBudget DisruptionBudget,
    V1StatefulSet StatefulSet,
    V2HorizontalPodAutoscaler? Autoscaler,
    TelemetryManifests? Telemetry)
{
    /// <summary>Every object inside the cluster's namespace (all but the Namespace itself and the managed-Prometheus
    /// ConfigMap in kube-system), in apply order.</summary>
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> NamespacedObjects =>
        new IKubernetesObject<V1ObjectMeta>?[]
        {
            Secret, ClientService, HeadlessService, NetworkPolicy, DisruptionBudget, StatefulSet, Autoscaler,
            Telemetry?.Dashboard, Telemetry?.DashboardService, Telemetry?.DashboardNetworkPolicy,
            Telemetry?.Monitor, Telemetry?.MonitorNetworkPolicy,
        }
        .OfType<IKubernetesObject<V1ObjectMeta>>();
}
