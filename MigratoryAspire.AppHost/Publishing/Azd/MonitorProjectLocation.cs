using MigratoryAspire.AppHost.Publishing.Kubernetes;

namespace MigratoryAspire.AppHost.Publishing.Azd;

/// <summary>
/// Where the monitor's azd service finds its project and manifests. azd reads <c>project</c> relative to azure.yaml and
/// <c>k8s.deploymentPath</c> relative to the project, so both depend on where the output folder is: they are the only
/// location-dependent values of the publish output.
/// </summary>
/// <param name="Project">The Monitor project's folder, relative to the output folder, '/'-separated.</param>
/// <param name="DeploymentPath">The output's monitor manifests folder, relative to the Monitor project's folder.</param>
internal sealed record MonitorProjectLocation(string Project, string DeploymentPath)
{
    /// <summary>The relative paths between an output folder and the Monitor project folder.</summary>
    /// <param name="outputDirectory">The publish output folder (absolute).</param>
    /// <param name="monitorProjectDirectory">The folder of MigratoryAspire.Monitor.csproj (absolute).</param>
    public static MonitorProjectLocation Between(string outputDirectory, string monitorProjectDirectory) => new(
        Slashes(Path.GetRelativePath(outputDirectory, monitorProjectDirectory)),
        Slashes(Path.GetRelativePath(monitorProjectDirectory, Path.Combine(outputDirectory, KubernetesManifestWriter.MonitorFolder))));

    private static string Slashes(string path) => path.Replace(Path.DirectorySeparatorChar, '/');
}
