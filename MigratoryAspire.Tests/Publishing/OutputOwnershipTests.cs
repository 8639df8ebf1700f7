using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>
/// Publish writes into a folder the user shares with it: it keeps every file and .gitignore line it did not write,
/// removes what it wrote and no longer produces, refuses to overwrite hand edits, and knows all this from the record it
/// leaves in the folder (so a fresh clone of a committed output works the same).
/// </summary>
public class OutputOwnershipTests
{
    [Fact]
    public async Task User_files_and_gitignore_lines_survive_a_publish_and_outdated_generated_files_go()
    {
        var first = await PublishRun.PublishAsync();
        var dir = first.Directory;
        Assert.Contains("manifests/07-autoscaler.yaml", first.Files.Keys);
        File.WriteAllText(Path.Combine(dir, "manifests", "10-extra.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
        File.WriteAllText(Path.Combine(dir, "infra", "monitoring.bicep"), "// mine\n");
        File.WriteAllText(Path.Combine(dir, ".gitignore"), "node_modules/\n" + File.ReadAllText(Path.Combine(dir, ".gitignore")) + "secrets.txt\n");
        Directory.CreateDirectory(Path.Combine(dir, ".azure", "dev"));
        File.WriteAllText(Path.Combine(dir, ".azure", "dev", ".env"), "AZURE_ENV_NAME=\"dev\"\n");

        var second = await PublishRun.PublishIntoAsync(dir, "MigratoryData:Kubernetes:Autoscaling=false");

        Assert.Equal("apiVersion: v1\nkind: ConfigMap\n", second.Files["manifests/10-extra.yaml"]);
        Assert.Equal("// mine\n", second.Files["infra/monitoring.bicep"]);
        Assert.Equal("AZURE_ENV_NAME=\"dev\"\n", second.Files[".azure/dev/.env"]);
        Assert.Equal(
            "node_modules/\n" + GitIgnoreSection.Begin + "\n.azure/\n" + GitIgnoreSection.End + "\nsecrets.txt\n",
            second.Files[".gitignore"]);
        Assert.DoesNotContain("manifests/07-autoscaler.yaml", second.Files.Keys);
        Assert.DoesNotContain("07-autoscaler.yaml", second.Files[OutputRecord.FileName]);
        Assert.DoesNotContain("10-extra.yaml", second.Files[OutputRecord.FileName]);
        Assert.NotEqual(first.Files["manifests/06-statefulset.yaml"], second.Files["manifests/06-statefulset.yaml"]);
    }

    [Fact]
    public void A_generated_file_changed_by_hand_stops_the_publish_and_leaves_the_folder_byte_for_byte()
    {
        var dir = Directory.CreateTempSubdirectory("md-own-").FullName;
        AtomicOutputWriter.Write(dir, Output("a"));
        File.AppendAllText(Path.Combine(dir, "manifests", "06-statefulset.yaml"), "# tuned by hand\n");
        var before = PublishRun.ReadTree(dir);

        var failure = Assert.Throws<MigratoryDataException>(() => AtomicOutputWriter.Write(dir, Output("b", withAutoscaler: false)));

        Assert.Equal(MigratoryDataExitCodes.PublishFailed, failure.ExitCode);
        Assert.Contains("  - manifests/06-statefulset.yaml was changed by hand since publish wrote it.", failure.Message);
        Assert.Equal(before, PublishRun.ReadTree(dir));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(dir)!, "." + Path.GetFileName(dir) + ".*"));
    }

    [Fact]
    public void A_file_of_the_users_where_publish_writes_one_stops_the_publish()
    {
        var dir = Directory.CreateTempSubdirectory("md-own-").FullName;
        AtomicOutputWriter.Write(dir, Output("a", withAutoscaler: false));
        File.WriteAllText(Path.Combine(dir, "manifests", "07-autoscaler.yaml"), "# my own autoscaler\n");

        var failure = Assert.Throws<MigratoryDataException>(() => AtomicOutputWriter.Write(dir, Output("a")));

        Assert.Contains("manifests/07-autoscaler.yaml is a file of yours (not in .migratoryaspire.sha256) where publish writes one.", failure.Message);
        Assert.Equal("# my own autoscaler\n", File.ReadAllText(Path.Combine(dir, "manifests", "07-autoscaler.yaml")));
    }

    [Fact]
    public void A_fresh_clone_with_crlf_endings_is_recognised_as_publishs_own()
    {
        var published = Directory.CreateTempSubdirectory("md-own-").FullName;
        AtomicOutputWriter.Write(published, Output("a"));
        // What a clone of a committed deploy/ looks like with core.autocrlf=true: same files, CRLF line endings.
        var clone = Directory.CreateTempSubdirectory("md-clone-").FullName;
        foreach (var (path, content) in PublishRun.ReadTree(published))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(clone, path))!);
            File.WriteAllText(Path.Combine(clone, path), content.ReplaceLineEndings("\r\n"));
        }

        var changes = AtomicOutputWriter.Write(clone, Output("b", withAutoscaler: false));

        Assert.Equal(["manifests/06-statefulset.yaml"], changes.Written);
        Assert.Equal(["manifests/07-autoscaler.yaml"], changes.Removed);
        Assert.Equal("b\n", File.ReadAllText(Path.Combine(clone, "manifests", "06-statefulset.yaml")));
    }

    [Fact]
    public void A_folder_published_before_records_existed_is_adopted_by_its_generated_marker()
    {
        var dir = Directory.CreateTempSubdirectory("md-legacy-").FullName;
        foreach (var (path, content) in Output("old"))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, path))!);
            File.WriteAllText(Path.Combine(dir, path), content);
        }
        File.WriteAllText(Path.Combine(dir, "manifests", "10-extra.yaml"), "kind: ConfigMap\n");

        AtomicOutputWriter.Write(dir, Output("new", withAutoscaler: false));

        Assert.False(File.Exists(Path.Combine(dir, "manifests", "07-autoscaler.yaml")));
        Assert.Equal("kind: ConfigMap\n", File.ReadAllText(Path.Combine(dir, "manifests", "10-extra.yaml")));
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(dir, "manifests", "06-statefulset.yaml")));
        Assert.True(File.Exists(Path.Combine(dir, OutputRecord.FileName)));
    }

    [Fact]
    public void A_write_that_fails_while_staging_leaves_the_folder_and_no_debris()
    {
        var target = Directory.CreateTempSubdirectory("md-atomic-").FullName;
        File.WriteAllText(Path.Combine(target, "azure.yaml"), "# Generated by MigratoryAspire publish\nold\n");
        // A name the file system refuses (longer than NAME_MAX) fails the staging write after others were staged.
        var files = new Dictionary<string, string> { ["azure.yaml"] = "new\n", ["manifests/" + new string('x', 300) + ".yaml"] = "x" };

        Assert.ThrowsAny<IOException>(() => AtomicOutputWriter.Write(target, files));

        Assert.Equal("# Generated by MigratoryAspire publish\nold\n", File.ReadAllText(Path.Combine(target, "azure.yaml")));
        Assert.Equal(["azure.yaml"], Directory.GetFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".*"));
    }

    /// <summary>A stand-in output: three generated files, the autoscaler optional, and .gitignore lines.</summary>
    private static Dictionary<string, string> Output(string version, bool withAutoscaler = true)
    {
        var files = new Dictionary<string, string>
        {
            ["azure.yaml"] = $"# {OutputRecord.GeneratedMarker} publish\n",
            ["manifests/06-statefulset.yaml"] = $"{version}\n",
            [".gitignore"] = ".azure/\n",
        };
        if (version == "old")
        {
            files["manifests/06-statefulset.yaml"] = $"# {OutputRecord.GeneratedMarker}\nold\n";
        }
        if (withAutoscaler)
        {
            files["manifests/07-autoscaler.yaml"] = $"# {OutputRecord.GeneratedMarker}\nhpa\n";
        }

        return files;
    }
}
