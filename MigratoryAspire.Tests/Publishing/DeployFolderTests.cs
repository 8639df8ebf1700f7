using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>deploy/ in the repository is the publish output for default settings: it must not drift from what publish writes.</summary>
public class DeployFolderTests
{
    [Fact]
    public async Task Deploy_folder_equals_a_fresh_publish()
    {
        var deploy = Path.Combine(RepositoryPaths.Root, "deploy");
        var committed = PublishRun.ReadTree(deploy)
            .Where(f => !f.Key.StartsWith(".azure/", StringComparison.Ordinal)) // azd's own state after `azd up`
            .ToDictionary(f => f.Key, f => f.Value.ReplaceLineEndings("\n"), StringComparer.Ordinal);
        // The monitor service's project and manifests paths are relative to the output folder: compare them as if the
        // fresh publish had been written into deploy/ (PublishRun.LocationIndependent).
        committed = PublishRun.LocationIndependent(committed, deploy).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var fresh = (await PublishRun.Default).LocationIndependentFiles;

        Assert.Equal(fresh.Keys.Order(StringComparer.Ordinal), committed.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, content) in fresh)
        {
            Assert.True(content == committed[path],
                $"deploy/{path} differs from a fresh publish. Regenerate it: dotnet run --project MigratoryAspire.AppHost -- --operation publish --step publish --output-path deploy");
        }
    }
}
