using k8s;
using k8s.Models;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>
/// The emitted manifests parsed strictly into k8s.Models types: a field the type does not know fails the parse. The
/// Secret template is rendered first the way azd renders it (see <see cref="AzdTemplate"/>).
/// </summary>
internal sealed class ManifestSet
{
    private readonly Dictionary<Type, List<object>> _byType = [];

    public ManifestSet(IReadOnlyDictionary<string, string> manifests, IReadOnlyDictionary<string, string>? azdEnvironment = null)
    {
        foreach (var (name, text) in manifests.Where(m => m.Key.EndsWith(".yaml", StringComparison.Ordinal)).OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var yaml = name.EndsWith(".tmpl.yaml", StringComparison.Ordinal)
                ? AzdTemplate.Render(text, azdEnvironment ?? new Dictionary<string, string>())
                : text;
            var obj = ParseStrict(yaml);
            FileNames.Add(name);
            Objects.Add(obj);
            if (!_byType.TryGetValue(obj.GetType(), out var list))
            {
                _byType[obj.GetType()] = list = [];
            }
            list.Add(obj);
        }
    }

    /// <summary>File names, in apply order.</summary>
    public List<string> FileNames { get; } = [];

    /// <summary>Objects, in apply order.</summary>
    public List<IKubernetesObject> Objects { get; } = [];

    public IEnumerable<T> All<T>() => _byType.TryGetValue(typeof(T), out var list) ? list.Cast<T>() : [];

    public T Single<T>() => Assert.Single(All<T>());

    public V1Service Service(string name) => Assert.Single(All<V1Service>(), s => s.Metadata.Name == name);

    public V1Container Container => Assert.Single(Single<V1StatefulSet>().Spec.Template.Spec.Containers);

    /// <summary>Parses one document into the k8s.Models type its apiVersion/kind names, rejecting unknown fields.</summary>
    public static IKubernetesObject ParseStrict(string yaml)
    {
        var head = KubernetesYaml.Deserialize<KubernetesObject>(yaml);
        return (head.ApiVersion, head.Kind) switch
        {
            ("v1", "Namespace") => KubernetesYaml.Deserialize<V1Namespace>(yaml, strict: true),
            ("v1", "Secret") => KubernetesYaml.Deserialize<V1Secret>(yaml, strict: true),
            ("v1", "Service") => KubernetesYaml.Deserialize<V1Service>(yaml, strict: true),
            ("networking.k8s.io/v1", "NetworkPolicy") => KubernetesYaml.Deserialize<V1NetworkPolicy>(yaml, strict: true),
            ("policy/v1", "PodDisruptionBudget") => KubernetesYaml.Deserialize<V1PodDisruptionBudget>(yaml, strict: true),
            ("apps/v1", "StatefulSet") => KubernetesYaml.Deserialize<V1StatefulSet>(yaml, strict: true),
            ("apps/v1", "Deployment") => KubernetesYaml.Deserialize<V1Deployment>(yaml, strict: true),
            ("v1", "ConfigMap") => KubernetesYaml.Deserialize<V1ConfigMap>(yaml, strict: true),
            ("autoscaling/v2", "HorizontalPodAutoscaler") => KubernetesYaml.Deserialize<V2HorizontalPodAutoscaler>(yaml, strict: true),
            ("autoscaling/v1", "HorizontalPodAutoscaler") => KubernetesYaml.Deserialize<V1HorizontalPodAutoscaler>(yaml, strict: true),
            _ => throw new InvalidOperationException($"Unexpected object {head.ApiVersion}/{head.Kind}."),
        };
    }

    /// <summary>Every document of a multi-document file, parsed strictly.</summary>
    public static List<IKubernetesObject> ParseAllStrict(string text) =>
        SplitDocuments(text).Select(ParseStrict).ToList();

    private static IEnumerable<string> SplitDocuments(string text) =>
        System.Text.RegularExpressions.Regex.Split(text, @"^---\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Where(d => d.Split('\n').Any(l => l.Length > 0 && !l.TrimStart().StartsWith('#') && !string.IsNullOrWhiteSpace(l)));
}
