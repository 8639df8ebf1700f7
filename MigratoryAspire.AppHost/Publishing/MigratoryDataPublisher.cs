using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing.Azd;
using MigratoryAspire.AppHost.Publishing.Kubernetes;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Publishing;

/// <summary>Everything <c>publish</c> writes for one cluster, as relative path → content: the azd project
/// (<c>azure.yaml</c>, <c>infra/</c>, <c>hooks/</c>) and the Kubernetes manifests (<c>manifests/</c>).</summary>
internal static class MigratoryDataPublisher
{
    /// <summary>Renders the whole output in memory; nothing touches the disk here.</summary>
    /// <param name="options">The validated settings.</param>
    /// <param name="topology">The cluster's topology.</param>
    /// <param name="monitor">Where azd finds the Monitor project and its manifests, relative to the output (see
    /// <see cref="MonitorProjectLocation"/>); used only when telemetry is deployed.</param>
    /// <param name="customizations">The <c>PublishAsKubernetesObjects</c> callbacks, applied in order to the mapped objects.</param>
    /// <exception cref="MigratoryDataException">A callback left objects that Kubernetes or azd would refuse (exit code 2).</exception>
    public static IReadOnlyDictionary<string, string> Render(MigratoryDataClusterOptions options, ClusterTopology topology, MonitorProjectLocation monitor,
        IEnumerable<Action<MigratoryDataKubernetesObjects>>? customizations = null)
    {
        var manifests = KubernetesManifestMapper.Map(options, topology);
        var objects = new MigratoryDataKubernetesObjects(manifests);
        foreach (var customize in customizations ?? [])
        {
            customize(objects);
        }

        if (KubernetesObjectsCheck.Problems(manifests, objects.AdditionalObjects) is { Count: > 0 } problems)
        {
            throw new MigratoryDataException(
                $"The MigratoryData cluster '{topology.Name}': PublishAsKubernetesObjects left objects that Kubernetes would refuse:{Environment.NewLine}" +
                string.Join(Environment.NewLine, problems.Select(p => $"  - {p}")),
                MigratoryDataExitCodes.InvalidSettings);
        }

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["azure.yaml"] = AzureYamlWriter.Render(manifests.Names, manifests.Telemetry is null ? null : monitor),
            // azd keeps its environments (with their secrets) in .azure/ next to azure.yaml.
            [".gitignore"] = ".azure/\n",
        };
        foreach (var (name, content) in KubernetesManifestWriter.Render(manifests, objects.AdditionalObjects))
        {
            files[$"manifests/{name}"] = content;
        }

        foreach (var (name, content) in KubernetesManifestWriter.RenderMonitor(manifests))
        {
            files[$"{KubernetesManifestWriter.MonitorFolder}/{name}"] = content;
        }

        foreach (var (path, content) in AksInfrastructureWriter.Render(manifests.Names, options.Kubernetes))
        {
            files[path] = content;
        }

        // Last: the hook keeps exactly the objects written above.
        files[PostDeployHookWriter.Path] = PostDeployHookWriter.Render(manifests.Names, PostDeployHookWriter.EmittedObjects(files));
        return files;
    }
}
