using k8s;
using k8s.Models;

namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>
/// The Kubernetes objects the publisher writes for a cluster, as typed <c>k8s.Models</c> objects, handed to the
/// callbacks of <c>PublishAsKubernetesObjects</c> after they are mapped from the settings and before they are written.
/// Change any of them (an annotation, a toleration, a node selector …) or add objects to <see cref="AdditionalObjects"/>;
/// what is written is then checked again (see <c>PublishAsKubernetesObjects</c>). The Secret is not offered: it is
/// a template azd fills from its environment.
/// </summary>
public sealed class MigratoryDataKubernetesObjects
{
    private readonly KubernetesManifests _manifests;

    internal MigratoryDataKubernetesObjects(KubernetesManifests manifests) => _manifests = manifests;

    /// <summary>The namespace (<c>manifests/00-namespace.yaml</c>).</summary>
    public V1Namespace Namespace => _manifests.Namespace;

    /// <summary>The clients' LoadBalancer service, <c>{cluster}-cs</c>.</summary>
    public V1Service ClientService => _manifests.ClientService;

    /// <summary>The members' headless service, <c>{cluster}-hs</c> (the StatefulSet's <c>serviceName</c>).</summary>
    public V1Service HeadlessService => _manifests.HeadlessService;

    /// <summary>The members' NetworkPolicy; null with <c>Kubernetes:NetworkPolicy=false</c>.</summary>
    public V1NetworkPolicy? NetworkPolicy => _manifests.NetworkPolicy;

    /// <summary>The members' PodDisruptionBudget.</summary>
    public V1PodDisruptionBudget DisruptionBudget => _manifests.DisruptionBudget;

    /// <summary>The members' StatefulSet.</summary>
    public V1StatefulSet StatefulSet => _manifests.StatefulSet;

    /// <summary>The HorizontalPodAutoscaler; null with <c>Kubernetes:Autoscaling=false</c>.</summary>
    public V2HorizontalPodAutoscaler? Autoscaler => _manifests.Autoscaler;

    /// <summary>The Aspire dashboard's Deployment; null with <c>Kubernetes:Telemetry=false</c>.</summary>
    public V1Deployment? Dashboard => _manifests.Telemetry?.Dashboard;

    /// <summary>The Aspire dashboard's Service; null with <c>Kubernetes:Telemetry=false</c>.</summary>
    public V1Service? DashboardService => _manifests.Telemetry?.DashboardService;

    /// <summary>The monitor's Deployment (its image is filled in by azd); null with <c>Kubernetes:Telemetry=false</c>.</summary>
    public V1Deployment? Monitor => _manifests.Telemetry?.Monitor;

    /// <summary>
    /// Further objects, each written to <c>manifests/90-{kind}-{name}.yaml</c> (applied after the cluster's own objects,
    /// listed in the Kustomization, kept by the post-deploy prune). Each needs <c>apiVersion</c>, <c>kind</c> and a
    /// name; a namespaced object belongs in the cluster's namespace.
    /// </summary>
    public IList<IKubernetesObject<V1ObjectMeta>> AdditionalObjects { get; } = [];
}
