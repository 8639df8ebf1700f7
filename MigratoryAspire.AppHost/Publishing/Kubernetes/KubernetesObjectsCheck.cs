using k8s;
using k8s.Models;

namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>
/// Checks the objects after the <c>PublishAsKubernetesObjects</c> callbacks changed them, for what the API server or
/// azd would refuse only at deploy time: every object named, in the cluster's namespace, the StatefulSet's selector
/// matching its pods and naming the headless service.
/// </summary>
internal static class KubernetesObjectsCheck
{
    /// <summary>One message per problem, each naming the object and the field.</summary>
    public static IReadOnlyList<string> Problems(KubernetesManifests manifests, IEnumerable<IKubernetesObject<V1ObjectMeta>> additional)
    {
        var problems = new List<string>();
        var names = manifests.Names;
        foreach (var o in manifests.NamespacedObjects.Concat(additional))
        {
            var id = $"{o.Kind ?? "(no kind)"} '{o.Metadata?.Name}'";
            if (string.IsNullOrEmpty(o.ApiVersion) || string.IsNullOrEmpty(o.Kind))
            {
                problems.Add($"{id} has no apiVersion or kind.");
            }

            if (string.IsNullOrEmpty(o.Metadata?.Name))
            {
                problems.Add($"{id} has no metadata.name.");
            }

            if (o is not V1Namespace && o.Metadata?.NamespaceProperty is { } ns && ns != names.Namespace)
            {
                problems.Add($"{id} is in namespace '{ns}', but the cluster's objects are in '{names.Namespace}' (MigratoryData:Namespace).");
            }
        }

        var set = manifests.StatefulSet;
        var podLabels = set.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>();
        foreach (var (key, value) in set.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!podLabels.TryGetValue(key, out var label) || label != value)
            {
                problems.Add($"StatefulSet '{set.Metadata.Name}': spec.selector needs {key}={value}, but the pod template's labels do not have it.");
            }
        }

        if (set.Spec.ServiceName != names.HeadlessService)
        {
            problems.Add($"StatefulSet '{set.Metadata.Name}': spec.serviceName is '{set.Spec.ServiceName}', but the members find each other through '{names.HeadlessService}'.");
        }

        return problems;
    }
}
