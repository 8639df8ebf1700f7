using System.Diagnostics;

namespace MigratoryAspire.Tests.Support;

/// <summary>
/// Runs a member startup script under bash as one pod would: <c>hostname</c> answers with the pod's name and domain,
/// and <c>./start-migratorydata.sh</c> is a stand-in that records the options it was started with.
/// </summary>
internal sealed record StartupScriptRun(int ExitCode, string Output, string? StartedWith)
{
    public static StartupScriptRun Run(string script, string podName, string domain, IReadOnlyDictionary<string, string> environment)
    {
        var work = Directory.CreateTempSubdirectory("md-script-").FullName;
        var started = Path.Combine(work, "started-with");
        File.WriteAllText(Path.Combine(work, "start-migratorydata.sh"), $"#!/bin/sh\nprintf '%s' \"$MIGRATORYDATA_EXTRA_OPTS\" > '{started}'\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(work, "start-migratorydata.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var fakeHostname = $"hostname() {{ case \"$1\" in -s) echo '{podName}';; -d) echo '{domain}';; *) echo '{podName}';; esac; }}\nexport -f hostname\n";

        var psi = new ProcessStartInfo("bash", ["-c", fakeHostname + script])
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The startup script did not finish in 30 s.");
        }

        var startedWith = File.Exists(started) ? File.ReadAllText(started) : null;
        return new StartupScriptRun(process.ExitCode, stdout.Result + stderr.Result, startedWith);
    }

    /// <summary>The value of <c>-D{name}=</c> in the options the server was started with.</summary>
    public string? Item(string name) =>
        StartedWith?.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t.StartsWith($"-D{name}=", StringComparison.Ordinal))
            .Select(t => t[$"-D{name}=".Length..])
            .SingleOrDefault();
}
