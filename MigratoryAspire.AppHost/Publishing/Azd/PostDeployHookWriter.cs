using MigratoryAspire.AppHost.Publishing.Kubernetes;

namespace MigratoryAspire.AppHost.Publishing.Azd;

/// <summary>
/// Writes <c>hooks/postdeploy.sh</c>, the script azd runs after every deploy (azure.yaml's <c>postdeploy</c> hook, so
/// it runs under <c>azd up</c>, <c>azd deploy</c> and <c>aspire deploy</c> alike). It prunes, then waits for the members.
/// </summary>
/// <remarks>
/// Why a prune: azd applies each manifest with <c>kubectl apply -f</c> and never deletes, so an object an earlier
/// publish emitted (the autoscaler before <c>Kubernetes:Autoscaling=false</c>) would stay. The script lists the objects
/// of <see cref="PrunableKinds"/> in the cluster's namespace that carry this cluster's labels
/// (<see cref="KubernetesNames.PruneSelector"/>) and deletes those this publish did not emit. Objects without the labels,
/// kinds outside the list and the namespace itself are never touched. Persistent volume claims are deliberately not
/// in the list: they hold data.
/// </remarks>
internal static class PostDeployHookWriter
{
    /// <summary>The script's path in the output, relative to azure.yaml.</summary>
    public const string Path = "hooks/postdeploy.sh";

    /// <summary>
    /// The kinds the prune looks at, as kind, API group and <c>kubectl</c> resource. Every namespaced kind the
    /// publisher emits must be here (a test checks it), plus kinds it may emit in future versions, so that an object
    /// of a kind that a later version stops emitting is still found.
    /// </summary>
    public static readonly IReadOnlyList<(string Kind, string Group, string Resource)> PrunableKinds =
    [
        ("ConfigMap", "", "configmaps"),
        ("Secret", "", "secrets"),
        ("Service", "", "services"),
        ("ServiceAccount", "", "serviceaccounts"),
        ("Deployment", "apps", "deployments.apps"),
        ("StatefulSet", "apps", "statefulsets.apps"),
        ("DaemonSet", "apps", "daemonsets.apps"),
        ("Job", "batch", "jobs.batch"),
        ("CronJob", "batch", "cronjobs.batch"),
        ("PodDisruptionBudget", "policy", "poddisruptionbudgets.policy"),
        ("HorizontalPodAutoscaler", "autoscaling", "horizontalpodautoscalers.autoscaling"),
        ("NetworkPolicy", "networking.k8s.io", "networkpolicies.networking.k8s.io"),
        ("Ingress", "networking.k8s.io", "ingresses.networking.k8s.io"),
        ("Role", "rbac.authorization.k8s.io", "roles.rbac.authorization.k8s.io"),
        ("RoleBinding", "rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io"),
    ];

    /// <summary>An object's name as <c>kubectl get --output name</c> prints it: <c>kind[.group]/name</c>, kind in lower case.</summary>
    public static string ObjectName(string apiVersion, string kind, string name)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : "." + apiVersion[..slash];
        return $"{kind.ToLowerInvariant()}{group}/{name}";
    }

    /// <summary>
    /// The namespaced objects in the files the publish writes: every <c>.yaml</c> file but <c>azure.yaml</c>, read back
    /// (top-level <c>apiVersion</c>, <c>kind</c>, <c>metadata.name</c> of each document). Read from the output rather
    /// than listed by hand, so whatever the publisher writes, now or in a later version, is kept and never pruned.
    /// </summary>
    public static IReadOnlyList<string> EmittedObjects(IReadOnlyDictionary<string, string> files)
    {
        var objects = new List<string>();
        foreach (var (path, content) in files.Where(f => f.Key.EndsWith(".yaml", StringComparison.Ordinal) && f.Key != "azure.yaml"))
        {
            foreach (var document in content.Split("\n---", StringSplitOptions.RemoveEmptyEntries))
            {
                string? apiVersion = null, kind = null, name = null;
                var inMetadata = false;
                foreach (var line in document.Split('\n'))
                {
                    if (line.StartsWith("apiVersion: ", StringComparison.Ordinal)) { apiVersion = line[12..].Trim(); }
                    else if (line.StartsWith("kind: ", StringComparison.Ordinal)) { kind = line[6..].Trim(); }
                    else if (line.StartsWith("metadata:", StringComparison.Ordinal)) { inMetadata = true; }
                    else if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && !line.StartsWith('#')) { inMetadata = false; }
                    else if (inMetadata && name is null && line.StartsWith("  name: ", StringComparison.Ordinal)) { name = line[8..].Trim(); }
                }

                if (apiVersion is null || kind is null || name is null)
                {
                    continue;
                }

                if (kind != "Namespace")
                {
                    objects.Add(ObjectName(apiVersion, kind, name));
                }
            }
        }

        return objects;
    }

    /// <summary>How long a deploy waits for every member to be ready: the hook's rollout wait and <c>aspire deploy</c>'s own.</summary>
    public static readonly TimeSpan MembersReadyTimeout = TimeSpan.FromMinutes(15);

    /// <summary>The script text.</summary>
    /// <param name="names">The cluster's names (namespace, selector, StatefulSet).</param>
    /// <param name="emitted">The objects this publish writes, as <see cref="ObjectName"/> gives them (<see cref="EmittedObjects"/>).</param>
    public static string Render(KubernetesNames names, IEnumerable<string> emitted)
    {
        var rolloutTimeout = $"{(int)MembersReadyTimeout.TotalMinutes}m";
        var current = string.Join("\n", emitted);
        var kinds = string.Join(",", PrunableKinds.Select(k => k.Resource));
        return $$"""
            #!/bin/sh
            # Generated by MigratoryAspire publish; azd runs it after each deploy (azure.yaml: hooks.postdeploy).
            # Edit the model, not this file. azd has pointed kubectl's current context at the AKS cluster by now.
            #
            # 1. Prune. azd applies manifests with `kubectl apply` and never deletes, so an object an earlier publish
            #    emitted and this one does not (the autoscaler after Kubernetes:Autoscaling=false, ...) is deleted here.
            #    Only objects carrying this cluster's labels ($selector) in namespace $namespace, of the kinds in $kinds,
            #    are considered. Objects without those labels and the namespace itself are never touched.
            # 2. Wait for the StatefulSet's members: azd itself waits only for Deployments.
            set -eu

            namespace='{{names.Namespace}}'
            selector='{{names.PruneSelector}}'
            kinds='{{kinds}}'
            statefulset='{{names.StatefulSet}}'
            # The objects this publish emitted, as `kubectl get --output name` prints them.
            current='{{current}}'

            found=$(kubectl get "$kinds" --namespace "$namespace" --selector "$selector" --output name)
            deleted=0
            for object in $found; do
              if printf '%s\n' "$current" | grep -qxF "$object"; then
                continue
              fi
              echo "prune: deleting $object from namespace $namespace (the model no longer produces it)"
              kubectl delete "$object" --namespace "$namespace" --ignore-not-found
              deleted=$((deleted + 1))
            done
            echo "prune: $deleted object(s) deleted in namespace $namespace"

            echo "waiting for the members of statefulset/$statefulset"
            kubectl rollout status "statefulset/$statefulset" --namespace "$namespace" --timeout={{rolloutTimeout}}

            """;
    }
}
