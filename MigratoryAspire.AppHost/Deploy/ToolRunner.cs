using System.Diagnostics;

namespace MigratoryAspire.AppHost.Deploy;

/// <summary>What a finished command printed and returned.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Output">Standard output, as text.</param>
/// <param name="ErrorLines">Standard error, line by line.</param>
internal sealed record ToolResult(int ExitCode, string Output, IReadOnlyList<string> ErrorLines);

/// <summary>
/// Finds command-line tools on a search path and runs them with an argument list (never a shell string), streaming
/// each output line to a callback. The search path is the process's <c>PATH</c> unless one is given (tests put their
/// recording doubles first); the tools run with that <c>PATH</c>, so whatever they start (azd's hooks) finds the same tools.
/// </summary>
internal sealed class ToolRunner(string? searchPath = null, IReadOnlyDictionary<string, string?>? environment = null)
{
    private readonly string _searchPath = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";

    /// <summary>The full path of <paramref name="tool"/> on the search path, or null.</summary>
    public string? Find(string tool)
    {
        var extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';', StringSplitOptions.RemoveEmptyEntries)
            : [""];
        foreach (var directory in _searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(directory, tool + extension);
                if (File.Exists(candidate) && IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Runs <paramref name="tool"/> to completion.</summary>
    /// <param name="tool">The tool's name (looked up with <see cref="Find"/>).</param>
    /// <param name="arguments">The arguments, each passed as one argument.</param>
    /// <param name="workingDirectory">The folder it runs in.</param>
    /// <param name="onLine">Called with every output line (stdout and stderr) as it arrives; null to print nothing
    /// (for commands whose output may hold secret values, such as <c>azd env get-values</c>).</param>
    /// <param name="cancellationToken">Stops the tool (its whole process tree).</param>
    public async Task<ToolResult> RunAsync(string tool, IReadOnlyList<string> arguments, string workingDirectory,
        Action<string>? onLine, CancellationToken cancellationToken)
    {
        var path = Find(tool) ?? throw new FileNotFoundException($"'{tool}' was not found on PATH.", tool);
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PATH"] = _searchPath;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new MigratoryDataDeployException($"'{path}' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MigratoryDataDeployException($"'{path}' could not be started in {workingDirectory}: {e.Message}");
        }

        using var _ = process;
        // Nothing to answer: every command runs without prompts, and a closed stdin makes a stray prompt fail fast.
        process.StandardInput.Close();
        var output = new System.Text.StringBuilder();
        var errors = new List<string>();
        var lockObject = new object();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { return; }
            lock (lockObject) { output.AppendLine(e.Data); }
            onLine?.Invoke(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { return; }
            lock (lockObject) { errors.Add(e.Data); }
            onLine?.Invoke(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        // WaitForExitAsync returns once the streams are drained too.
        lock (lockObject)
        {
            return new ToolResult(process.ExitCode, output.ToString(), errors.ToArray());
        }
    }

    /// <summary>
    /// Runs <paramref name="tool"/> like <see cref="RunAsync"/> and throws <see cref="MigratoryDataDeployException"/> when
    /// it exits non-zero, naming the command, its folder, exit code and the tail of its error output.
    /// </summary>
    public async Task<ToolResult> RunCheckedAsync(string tool, IReadOnlyList<string> arguments, string workingDirectory,
        Action<string>? onLine, CancellationToken cancellationToken)
    {
        var result = await RunAsync(tool, arguments, workingDirectory, onLine, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var tail = result.ErrorLines.Where(l => l.Trim().Length > 0).TakeLast(15).ToArray();
            var detail = tail.Length > 0 ? string.Join(Environment.NewLine, tail.Select(l => "  " + l)) : "  (it printed nothing on its error output)";
            throw new MigratoryDataDeployException(
                $"`{tool} {string.Join(' ', arguments)}` failed with exit code {result.ExitCode} (in {workingDirectory}); nothing after it ran. Its error output:{Environment.NewLine}{detail}");
        }

        return result;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
