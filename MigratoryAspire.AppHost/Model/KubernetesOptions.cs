namespace MigratoryAspire.AppHost.Model;

/// <summary>
/// Settings that only the Kubernetes/AKS publisher uses, bound from <c>MigratoryData:Kubernetes</c>.
/// Each has a safe default and is documented in the README's configuration reference.
/// </summary>
public sealed class KubernetesOptions
{
}
