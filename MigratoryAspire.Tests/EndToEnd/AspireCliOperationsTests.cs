using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MigratoryAspire.AppHost.LocalRun;
using MigratoryAspire.Tests.Hosting;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// The cluster commands the way a person types them, through the Aspire CLI pinned in .config/dotnet-tools.json:
/// <c>aspire run --detach</c>, <c>aspire resource migratorydata scale --replicas 4</c>, <c>aspire describe --format Json</c>,
/// <c>aspire stop</c>, with the stand-in image (NOT MigratoryData) set through the MigratoryData settings.
/// </summary>
[Collection(ContainerTestsCollection.Name)]
public sealed partial class AspireCliOperationsTests
{
    private const string AppHost = "MigratoryAspire.AppHost/MigratoryAspire.AppHost.csproj";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    [DockerFact]
    public async Task Cli_scale_drain_uncordon_rolling_restart_with_named_options_refusals_name_the_setting_and_describe_shows_the_replicas()
    {
        await StandInImage.EnsureBuiltAsync();
        var restore = await ExternalCommand.RunAsync("dotnet", ["tool", "restore"], TimeSpan.FromMinutes(3), RepositoryPaths.Root);
        Assert.True(restore.ExitCode == 0, restore.Describe("dotnet tool restore"));

        // --isolated: random ports, so this run never collides with another AppHost on the machine.
        var run = await AspireAsync("run", "--detach", "--isolated", "--no-build", "--launch-profile", "http", "--format", "Json");
        Assert.True(run.ExitCode == 0, run.Describe("aspire run --detach"));
        var appHostPid = JsonDocument.Parse(JsonPart(run.Output)).RootElement.GetProperty("appHostPid").GetInt32();
        try
        {
            var started = await DescribeClusterUntilAsync(c => c.State == "Running" && c.Desired == "3");
            Assert.Equal("3", started.Current);

            // Refusals name the setting and the bound, and fail the command (non-zero exit).
            var abc = await AspireAsync("resource", "migratorydata", "scale", "--replicas", "abc");
            Assert.NotEqual(0, abc.ExitCode);
            Assert.Contains("replicas is 'abc', but it must be a whole number from MigratoryData:MinAvailable (3) to MigratoryData:MaxReplicas (5).", Plain(abc));
            var six = await AspireAsync("resource", "migratorydata", "scale", "--replicas", "6");
            Assert.NotEqual(0, six.ExitCode);
            Assert.Contains("replicas is 6, but it must not exceed MigratoryData:MaxReplicas (5)", Plain(six));
            var drainAt3 = await AspireAsync("resource", "migratorydata", "drain", "--member", "migratorydata-1");
            Assert.NotEqual(0, drainAt3.ExitCode);
            Assert.Contains("The budget needs 3 healthy members (MigratoryData:MinAvailable) and has 3, so it allows 0 disruptions.", Plain(drainAt3));

            var scale = await AspireAsync("resource", "migratorydata", "scale", "--replicas", "4");
            Assert.True(scale.ExitCode == 0, scale.Describe("aspire resource migratorydata scale --replicas 4"));
            var four = await DescribeClusterUntilAsync(c => c.State == "Running" && c.Desired == "4" && c.Current == "4");
            Assert.Equal("4 of 5", four.MembersUp);

            var drain = await AspireAsync("resource", "migratorydata", "drain", "--member", "migratorydata-1");
            Assert.True(drain.ExitCode == 0, drain.Describe("aspire resource migratorydata drain --member migratorydata-1"));
            var drained = await DescribeClusterUntilAsync(c => c.State == "Degraded" && c.Drained == "migratorydata-1");
            Assert.Equal("3 of 5", drained.MembersUp);

            var uncordon = await AspireAsync("resource", "migratorydata", "uncordon", "--member", "migratorydata-1");
            Assert.True(uncordon.ExitCode == 0, uncordon.Describe("aspire resource migratorydata uncordon --member migratorydata-1"));
            var back = await AspireAsync("resource", "migratorydata", "scale", "--replicas", "3");
            Assert.True(back.ExitCode == 0, back.Describe("aspire resource migratorydata scale --replicas 3"));
            await DescribeClusterUntilAsync(c => c.State == "Running" && c.Desired == "3" && c.Current == "3" && c.Drained == "(none)");

            var rollout = await AspireAsync("resource", "migratorydata", "rolling-restart");
            Assert.True(rollout.ExitCode == 0, rollout.Describe("aspire resource migratorydata rolling-restart"));
            await DescribeClusterUntilAsync(c => c.State == "Running" && c.Desired == "3" && c.Current == "3");
        }
        finally
        {
            var stop = await AspireAsync("stop");
            var exited = await ExitsAsync(appHostPid, TimeSpan.FromMinutes(1));
            if (!exited)
            {
                // Only our own AppHost, by its process id, and only after aspire stop failed to end it.
                Process.GetProcessById(appHostPid).Kill(entireProcessTree: true);
            }
            Assert.True(stop.ExitCode == 0 && exited, stop.Describe($"aspire stop (AppHost {appHostPid} exited: {exited})"));
        }
    }

    private static async Task<ExternalCommand.Result> AspireAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["MigratoryData__Image"] = StandInImage.Image,
            ["MigratoryData__Tag"] = StandInImage.Tag,
            // Aspire 13.6 otherwise builds a tunnel proxy from an image that cannot be pulled offline.
            ["ASPIRE_ENABLE_CONTAINER_TUNNEL"] = "false",
            // --no-build runs what this test run built, in its configuration.
            ["Configuration"] = EntryPointCommand.Configuration,
            ["NO_COLOR"] = "1",
        };
        return await ExternalCommand.RunAsync("dotnet",
            ["aspire", .. arguments, "--apphost", AppHost, "--non-interactive", "--nologo"],
            CommandTimeout, RepositoryPaths.Root, environment);
    }

    private static async Task<ClusterView> DescribeClusterUntilAsync(Func<ClusterView, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        ClusterView? last = null;
        string lastOutput = "";
        while (DateTime.UtcNow < deadline)
        {
            var describe = await AspireAsync("describe", "migratorydata", "--format", "Json");
            lastOutput = describe.Describe("aspire describe migratorydata --format Json");
            if (describe.ExitCode == 0)
            {
                var resource = JsonDocument.Parse(JsonPart(describe.Output)).RootElement.GetProperty("resources")[0];
                var properties = resource.GetProperty("properties");
                string P(string name) => properties.TryGetProperty(name, out var v) ? v.ToString() : "";
                last = new ClusterView(resource.GetProperty("state").GetString(), P(ClusterStateProperties.DesiredReplicas),
                    P(ClusterStateProperties.CurrentReplicas), P(ClusterStateProperties.MembersUp), P(ClusterStateProperties.DrainedMembers));
                if (condition(last))
                {
                    return last;
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        Assert.Fail($"aspire describe never showed the expected cluster. Last: {last}\n{lastOutput}");
        throw new InvalidOperationException();
    }

    private static async Task<bool> ExitsAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (process.HasExited)
                {
                    return true;
                }
            }
            catch (ArgumentException)
            {
                return true; // no such process any more
            }
            await Task.Delay(500);
        }
        return false;
    }

    /// <summary>The JSON document in the CLI's standard output (status lines go to standard error, but be lenient).</summary>
    private static string JsonPart(string output) => output[output.IndexOf('{', StringComparison.Ordinal)..(output.LastIndexOf('}') + 1)];

    /// <summary>What the CLI printed, without colours and with its line wrapping undone.</summary>
    private static string Plain(ExternalCommand.Result result) =>
        Whitespace().Replace(Ansi().Replace(result.Output + " " + result.Error, ""), " ");

    [GeneratedRegex(@"\x1B(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1B]*(\x07|\x1B\\))")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record ClusterView(string? State, string Desired, string Current, string MembersUp, string Drained);
}
