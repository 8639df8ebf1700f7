using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Hosting;

/// <summary>
/// Runs the AppHost the ways a user does — <c>dotnet run --project MigratoryAspire.AppHost</c> and the pinned Aspire CLI
/// (<c>dotnet aspire …</c>) — with the build this test run made (<c>--no-build</c>), and captures what the user sees.
/// </summary>
internal static partial class EntryPointCommand
{
    /// <summary>The configuration this test assembly was built in; the AppHost was built alongside it.</summary>
    public static string Configuration { get; } =
        typeof(EntryPointCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public sealed record Result(int ExitCode, string Output)
    {
        /// <summary>How often <paramref name="text"/> appears, ignoring where the Aspire CLI wrapped lines to its width.</summary>
        public int Count(string text) => Regex.Matches(Spaces().Replace(Output, " "), Regex.Escape(Spaces().Replace(text, " "))).Count;

        public override string ToString() => $"exit code {ExitCode}:\n{Output}";
    }

    /// <summary><c>dotnet run --no-build --project MigratoryAspire.AppHost -- args</c> (the launch profile applies: Development).</summary>
    public static Task<Result> DotnetRunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        RunAsync("dotnet", ["run", "--no-build", "-c", Configuration, "--project", "MigratoryAspire.AppHost", "--", .. args], environment, timeout);

    /// <summary><c>dotnet aspire command --no-build …</c> with the CLI pinned in .config/dotnet-tools.json.</summary>
    public static Task<Result> AspireAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        RunAsync("dotnet", ["aspire", .. args], WithCliDefaults(environment), timeout);

    public static IReadOnlyDictionary<string, string> WithCliDefaults(IReadOnlyDictionary<string, string>? environment)
    {
        var all = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["ASPIRE_CLI_TELEMETRY_OPTOUT"] = "true",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "true",
            ["NO_COLOR"] = "1",
        };
        return all;
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment, TimeSpan? timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not exit in time:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, Ansi().Replace(output.ToString(), ""));
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x1b\x07]*(\x07|\x1b\\)")]
    internal static partial Regex Ansi();
}
