using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Tests.Publishing;

namespace MigratoryAspire.Tests.Hosting;

/// <summary>
/// Bad settings, from every way a user starts the AppHost: the process ends by itself with exit code 2, every problem
/// printed exactly once in the project's words, no stack trace, no "unexpected error" framing, nothing started and
/// nothing written. One run carries several kinds of problem, so each run proves all of them at once.
/// </summary>
public class EntryPointTests
{
    /// <summary>A wrong type, a wrong value, two misspelt keys, and three place rules (image grammar, heap headroom, shell patterns).</summary>
    private static readonly string[] BadSettings =
    [
        "MigratoryData:Replicas=four", "MigratoryData:LogLevel=LOUD", "MigratoryData:Replica=4",
        "MigratoryData:Image=MigratoryData/Server", "MigratoryData:Memory=8192MB",
        "MigratoryData:Kubernetes:Autoscalin=false", "MigratoryData:ExtraOptions:Foo=a*",
    ];

    private static readonly string[] Problems =
    [
        "MigratoryData:Replicas is 'four', but it must be a whole number.",
        "MigratoryData:LogLevel is 'LOUD', but it must be one of TRACE, DEBUG, INFO, WARN, ERROR.",
        "MigratoryData:Replica (value '4') is not a setting: did you mean MigratoryData:Replicas?",
        "MigratoryData:Image is 'MigratoryData/Server', but it must be an image name without tag",
        "MigratoryData:Memory is '8192MB', but with MigratoryData:Kubernetes:MemoryLimit '1Gi' it must be at most 768MB",
        "MigratoryData:Kubernetes:Autoscalin (value 'false') is not a setting: did you mean MigratoryData:Kubernetes:Autoscaling?",
        "MigratoryData:ExtraOptions:Foo is 'a*', but a server parameter value must not contain '*', '?' or '['",
    ];

    [Fact]
    public async Task Dotnet_run_stops_on_bad_settings_before_anything_starts()
    {
        var result = await EntryPointCommand.DotnetRunAsync(BadSettings);

        AssertCleanFailure(result);
        Assert.DoesNotContain("Login to the dashboard", result.Output);
        Assert.DoesNotContain("Distributed application started", result.Output);
    }

    [Fact]
    public async Task Dotnet_run_publish_stops_on_bad_settings_and_leaves_the_output_folder_as_it_was()
    {
        var existing = await PublishRun.PublishAsync();
        File.WriteAllText(Path.Combine(existing.Directory, "manifests", "10-extra.yaml"), "kind: ConfigMap\n");
        var before = PublishRun.ReadTree(existing.Directory);

        var result = await EntryPointCommand.DotnetRunAsync(
            ["--operation", "publish", "--step", "publish", "--output-path", existing.Directory, .. BadSettings]);

        AssertCleanFailure(result);
        Assert.Equal(before, PublishRun.ReadTree(existing.Directory));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(existing.Directory)!, "." + Path.GetFileName(existing.Directory) + ".*"));
    }

    [Fact]
    public async Task Aspire_publish_and_aspire_do_stop_on_bad_settings_before_any_step_writes()
    {
        foreach (var command in new[] { new[] { "publish" }, ["do", "publish-migratorydata"] })
        {
            var output = Path.Combine(Path.GetTempPath(), "md-cli-" + Guid.NewGuid().ToString("N")[..8]);

            var result = await EntryPointCommand.AspireAsync([.. command, "--no-build", "-o", output, "--", .. BadSettings]);

            AssertCleanFailure(result);
            // The CLI's own lines around them: the failed validate step, first in the pipeline.
            Assert.Contains("validate-migratorydata", result.Output);
            Assert.Contains("The MigratoryData cluster 'migratorydata' has invalid settings (listed above).", result.Output);
            Assert.False(Directory.Exists(output), $"aspire {string.Join(' ', command)} wrote {output}");
        }
    }

    [Fact]
    public async Task Aspire_run_stops_on_bad_settings_before_anything_starts()
    {
        var result = await EntryPointCommand.AspireAsync(["run", "--no-build", "--isolated", "--non-interactive", "--", .. BadSettings]);

        // When the AppHost's exit overtakes the CLI's backchannel connection (a loaded machine), the CLI 13.6.5 adds its
        // own "❌ An unexpected error occurred: …" line after the AppHost's output; the AppHost cannot avoid that.
        AssertCleanFailure(result, cliMayAddUnexpectedError: true);
        Assert.DoesNotContain("Dashboard:", result.Output);
    }

    private static void AssertCleanFailure(EntryPointCommand.Result result, bool cliMayAddUnexpectedError = false)
    {
        Assert.True(result.ExitCode == MigratoryDataExitCodes.InvalidSettings, result.ToString());
        foreach (var problem in Problems)
        {
            Assert.True(result.Count(problem) == 1, $"'{problem}' should be printed once:\n{result}");
        }
        Assert.DoesNotContain("   at ", result.Output);
        Assert.DoesNotContain("Exception", result.Output);
        if (!cliMayAddUnexpectedError)
        {
            Assert.DoesNotContain("unexpected error", result.Output, StringComparison.OrdinalIgnoreCase);
        }
    }
}
