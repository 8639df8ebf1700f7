using MigratoryAspire.Tests.Publishing;

namespace MigratoryAspire.Tests.Deploy;

/// <summary>
/// <c>appsettings.{Environment}.json</c> next to the AppHost changes the cluster of that Aspire environment only
/// (<c>aspire publish -e dev</c> / <c>aspire deploy -e dev</c> pass <c>--environment dev</c> to the AppHost, as here).
/// </summary>
public sealed class EnvironmentSettingsTests
{
    [Fact]
    public async Task The_dev_environment_publishes_its_own_cluster_and_production_keeps_the_defaults()
    {
        var dev = await PublishRun.PublishAsync("--environment", "dev");
        var production = await PublishRun.PublishAsync("--environment", "Production");

        // appsettings.dev.json: 3 Standard members, no autoscaler, a smaller node pool.
        Assert.Contains("-DClusterDeliveryMode=Standard", dev.Manifests["06-statefulset.yaml"]);
        Assert.Contains("replicas: 3", dev.Manifests["06-statefulset.yaml"]);
        Assert.Contains("minAvailable: 2", dev.Manifests["05-poddisruptionbudget.yaml"]);
        Assert.DoesNotContain("07-autoscaler.yaml", dev.Manifests.Keys);
        Assert.Contains("horizontalpodautoscaler.autoscaling", production.Files["hooks/postdeploy.sh"]);
        Assert.DoesNotContain("horizontalpodautoscaler.autoscaling/", dev.Files["hooks/postdeploy.sh"]);

        // Production has no file of its own: appsettings.json alone, the tutorial's Guaranteed cluster with its autoscaler.
        Assert.Contains("-DClusterDeliveryMode=Guaranteed", production.Manifests["06-statefulset.yaml"]);
        Assert.Contains("07-autoscaler.yaml", production.Manifests.Keys);
        Assert.Contains("minAvailable: 3", production.Manifests["05-poddisruptionbudget.yaml"]);
    }
}
