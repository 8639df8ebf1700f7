using MigratoryAspire.AppHost.Publishing.Azd;

namespace MigratoryAspire.Tests.Support;

/// <summary>The monitor's azd paths as they are for the repository's own <c>deploy/</c> folder, for in-process renders.</summary>
internal static class TestMonitorLocation
{
    public static MonitorProjectLocation DeployFolder { get; } = new("../MigratoryAspire.Monitor", "../deploy/manifests-monitor");
}
