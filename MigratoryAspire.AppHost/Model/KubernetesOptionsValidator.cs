namespace MigratoryAspire.AppHost.Model;

/// <summary>Rules for the publish-only settings under <c>MigratoryData:Kubernetes</c>.</summary>
internal static class KubernetesOptionsValidator
{
    /// <summary>Adds an error for every invalid Kubernetes setting, naming the key, the value and what is allowed.</summary>
    internal static void Validate(KubernetesOptions options, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
    }
}
