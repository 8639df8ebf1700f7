using System.Diagnostics;
using System.Text;
using MigratoryAspire.Tests.EndToEnd;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Hosting;

/// <summary>
/// A secret given by user secrets, environment variable or command line is in no file outside the user's secret
/// store, no output file and no console line, after publishing (dotnet run in Development, aspire publish in
/// Production) and after a local run under <c>aspire run</c> has stopped. Everything runs with a temporary HOME and
/// TMPDIR, and every file written there, into the outputs or into the repository is searched for the known values.
/// </summary>
[Collection(ContainerTestsCollection.Name)]
public class SecretsTests
{
    private const string UserSecretsId = "6f4f1d2e-9a53-4c1e-8f7e-1d4b8a0c2e71";
    private const string FromUserSecrets = "MdLicenseFromUserSecrets7q";
    private const string FromEnvironment = "MdClusterPasswordFromEnv7q";
    private const string FromCommandLine = "MdMonitorPasswordFromArgs7q";
    private static readonly string[] Secrets = [FromUserSecrets, FromEnvironment, FromCommandLine];

    [DockerFact]
    public async Task No_secret_value_is_written_by_publish_or_a_local_run()
    {
        await StandInImage.EnsureBuiltAsync();
        var started = DateTime.UtcNow.AddSeconds(-2);
        var root = Directory.CreateTempSubdirectory("md-secrets-").FullName;
        var home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        var secretStore = Path.Combine(home, ".microsoft", "usersecrets", UserSecretsId, "secrets.json");
        Directory.CreateDirectory(Path.GetDirectoryName(secretStore)!);
        File.WriteAllText(secretStore, $"{{ \"Parameters:migratorydata-license-key\": \"{FromUserSecrets}\" }}");
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["TMPDIR"] = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName,
            // The packages (and the pinned CLI) restored for the real HOME.
            ["NUGET_PACKAGES"] = RepositoryPaths.NuGetPackages,
            ["Parameters__migratorydata-cluster-password"] = FromEnvironment,
            ["ASPIRE_ENABLE_CONTAINER_TUNNEL"] = "false",
        };
        string[] secretArgument = [$"Parameters:migratorydata-monitor-password={FromCommandLine}"];
        var console = new StringBuilder();

        var restore = await EntryPointCommand.RunAsync("dotnet", ["tool", "restore"], environment, TimeSpan.FromMinutes(2));
        Assert.True(restore.ExitCode == 0, restore.ToString());

        var developmentOutput = Path.Combine(root, "out-dotnet-run");
        var dotnetRun = await EntryPointCommand.DotnetRunAsync(
            ["--operation", "publish", "--step", "publish", "--output-path", developmentOutput, .. secretArgument], environment);
        Assert.True(dotnetRun.ExitCode == 0, dotnetRun.ToString());
        console.AppendLine(dotnetRun.Output);

        var productionOutput = Path.Combine(root, "out-aspire-publish");
        var aspirePublish = await EntryPointCommand.AspireAsync(
            ["publish", "--no-build", "-o", productionOutput, "--", "MigratoryData:Tag=latest", .. secretArgument], environment);
        Assert.True(aspirePublish.ExitCode == 0, aspirePublish.ToString());
        // Warnings reach the console under aspire publish.
        Assert.Contains("MigratoryData:Tag is 'latest'", aspirePublish.Output);
        console.AppendLine(aspirePublish.Output);

        console.AppendLine(await RunLocallyAndStopAsync(environment, secretArgument));

        var leaks = new List<string>();
        foreach (var file in await WrittenFilesAsync([root, RepositoryPaths.Root], started))
        {
            if (file == secretStore)
            {
                continue; // the user's secret store: the one place the values belong
            }
            var bytes = File.ReadAllBytes(file);
            var text = Encoding.UTF8.GetString(bytes) + Encoding.Unicode.GetString(bytes);
            leaks.AddRange(Secrets.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => $"{s} in {file}"));
        }
        leaks.AddRange(Secrets.Where(s => console.ToString().Contains(s, StringComparison.Ordinal)).Select(s => $"{s} on the console"));
        Assert.True(leaks.Count == 0, string.Join('\n', leaks));
        Assert.True(File.Exists(Path.Combine(productionOutput, "azure.yaml")), "aspire publish wrote no output");
    }

    /// <summary>
    /// <c>aspire run</c> in a pseudo-terminal (as a user runs it), until every member started runs with the secrets
    /// (checked in the containers, so the search below is not vacuous), then Ctrl+C; returns the console text.
    /// </summary>
    private static async Task<string> RunLocallyAndStopAsync(IReadOnlyDictionary<string, string> environment, string[] secretArgument)
    {
        var marker = "u" + Guid.NewGuid().ToString("N")[..10];
        string[] arguments =
        [
            "dotnet", "aspire", "run", "--no-build", "--isolated", "--",
            $"MigratoryData:Image={StandInImage.Image}", $"MigratoryData:Tag={StandInImage.Tag}", $"MigratoryData:MonitorUsername={marker}",
            .. secretArgument,
        ];
        var command = string.Join(' ', arguments.Select(a => $"'{a}'"));
        var info = new ProcessStartInfo("script", ["-qfec", command, "/dev/null"])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in EntryPointCommand.WithCliDefaults(environment))
        {
            info.Environment[name] = value;
        }

        // script(1) runs the command with $SHELL, or sh when it is unset (as in CI). dash drops environment variables
        // whose names are not shell identifiers, such as Parameters__migratorydata-cluster-password; bash passes them on.
        info.Environment["SHELL"] = "/bin/bash";

        using var run = Process.Start(info)!;
        var output = new StringBuilder();
        run.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        run.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        (string Id, string Env)[] containers = [];
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while ((containers = await OurMembersAsync(marker)).Length < 3)
            {
                Assert.True(DateTime.UtcNow < deadline && !run.HasExited, $"the members did not start under aspire run:\n{output}");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            foreach (var (_, env) in containers)
            {
                Assert.Contains(FromEnvironment, env);
                Assert.Contains(FromCommandLine, env);
            }
        }
        finally
        {
            // Ctrl+C, as a user stops it; the CLI stops the AppHost, which removes its containers.
            await ExternalCommand.RunAsync("kill", ["-INT", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            if (!run.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                run.Kill(entireProcessTree: true);
            }
        }

        var removed = DateTime.UtcNow.AddMinutes(1);
        while ((await OurMembersAsync(marker)).Length > 0)
        {
            Assert.True(DateTime.UtcNow < removed, "the members were not removed after aspire run stopped");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        string console;
        lock (output)
        {
            console = EntryPointCommand.Ansi().Replace(output.ToString(), "");
        }
        // Warnings reach the terminal under aspire run too.
        Assert.Contains("warn: MigratoryData:MinAvailable (3) equals Replicas (3)", console);
        return console;
    }

    /// <summary>
    /// Stand-in containers of this run (their options carry the run's unique MonitorUsername), each with its environment
    /// as <c>docker inspect</c> shows it (JSON), which the caller checks without inspecting again.
    /// </summary>
    private static async Task<(string Id, string Env)[]> OurMembersAsync(string marker)
    {
        var list = await ExternalCommand.RunAsync("docker", ["ps", "-q", "--filter", $"label={StandInImage.Label}"], TimeSpan.FromSeconds(30));
        var ours = new List<(string Id, string Env)>();
        foreach (var id in list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var env = await ExternalCommand.RunAsync("docker", ["inspect", "--format", "{{json .Config.Env}}", id], TimeSpan.FromSeconds(30));
            if (env.Output.Contains($"-DMonitorUsername={marker}", StringComparison.Ordinal))
            {
                ours.Add((id, env.Output));
            }
        }
        return [.. ours];
    }

    /// <summary>Regular files under <paramref name="roots"/> changed since <paramref name="since"/> (find -type f: FIFOs and
    /// sockets the runtime leaves in TMPDIR would block a read).</summary>
    private static async Task<IReadOnlyList<string>> WrittenFilesAsync(IEnumerable<string> roots, DateTime since)
    {
        var find = await ExternalCommand.RunAsync("find",
            [.. roots, "-path", "*/.git", "-prune", "-o", "-type", "f", "-newermt", since.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC", "-size", "-64M", "-print"],
            TimeSpan.FromMinutes(2));
        Assert.True(find.ExitCode == 0, find.Describe("find"));
        return find.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
