using k8s;
using k8s.Models;

using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>Secret parameters configured for the local run never reach the publish output.</summary>
public class SecretLeakTests
{
    [Fact]
    public async Task Configured_secret_parameters_appear_in_no_published_file()
    {
        var run = await PublishRun.PublishAsync(
            "Parameters:migratorydata-license-key=LicenseValue4711",
            "Parameters:migratorydata-cluster-password=ClusterValue4711",
            "Parameters:migratorydata-monitor-password=MonitorValue4711");

        Assert.NotEmpty(run.Files);
        Assert.All(run.Files, file => Assert.DoesNotContain("Value4711", file.Value));
        Assert.Equal((await PublishRun.Default).LocationIndependentFiles, run.LocationIndependentFiles);
    }
}
