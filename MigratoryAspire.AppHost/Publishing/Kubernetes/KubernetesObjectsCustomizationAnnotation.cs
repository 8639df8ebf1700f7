using Aspire.Hosting.ApplicationModel;

namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>A <c>PublishAsKubernetesObjects</c> callback on the cluster resource; applied in the order added.</summary>
internal sealed class KubernetesObjectsCustomizationAnnotation(Action<MigratoryDataKubernetesObjects> configure) : IResourceAnnotation
{
    /// <summary>The user's callback.</summary>
    public Action<MigratoryDataKubernetesObjects> Configure { get; } = configure;
}
