using Aspire.Hosting;
using Aspire.Hosting.Testing;
using MigratoryAspire.AppHost.Deploy;

namespace MigratoryAspire.Tests.Deploy;

/// <summary>
/// azd run next to the AppHost (its Aspire support) asks for Aspire's manifest; the AppHost refuses with the way that
/// works rather than handing azd an empty model that deploys nothing.
/// </summary>
public sealed class AzdManifestTests
{
    [Fact]
    public async Task Asking_for_the_manifest_azd_reads_fails_with_where_to_deploy_from()
    {
        var path = Path.Combine(Path.GetTempPath(), "md-manifest-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MigratoryAspire_AppHost>(
            ["--publisher", "manifest", "--output-path", path]);
        await using var app = await builder.BuildAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.RunAsync());

        var deploy = Assert.IsType<MigratoryDataDeployException>(error is AggregateException a ? a.InnerExceptions.Single() : error);
        Assert.Contains("aspire deploy", deploy.Message);
        Assert.Contains("cd deploy && azd up", deploy.Message);
        Assert.False(File.Exists(path));
    }
}
