using MigratoryAspire.AppHost.Deploy;

namespace MigratoryAspire.Tests.Deploy;

/// <summary>One call a test double recorded: the tool, its working directory, the environment it logged, its arguments.</summary>
internal sealed record DoubleCall(string Tool, string Directory, string Environment, IReadOnlyList<string> Args)
{
    public string CommandLine => string.Join(' ', Args);

    public override string ToString() => $"{Tool} {CommandLine}  (in {Directory})";
}

/// <summary>
/// The recording <c>azd</c> and <c>kubectl</c> test doubles (<c>Deploy/Doubles/</c>, see their headers for what they do
/// not prove) installed into a fresh temporary folder, with their log and the kubectl double's object list.
/// </summary>
internal sealed class DeployDoubles : IDisposable
{
    public DeployDoubles(bool withAzd = true, bool withKubectl = true)
    {
        Root = Directory.CreateTempSubdirectory("md-deploy-").FullName;
        Bin = Path.Combine(Root, "bin");
        Directory.CreateDirectory(Bin);
        foreach (var (tool, wanted) in new[] { ("azd", withAzd), ("kubectl", withKubectl) })
        {
            if (!wanted) { continue; }
            var target = Path.Combine(Bin, tool);
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Deploy", "Doubles", tool), target);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
        }

        Log = Path.Combine(Root, "calls.log");
        Objects = Path.Combine(Root, "objects.txt");
        File.WriteAllText(Objects, "");
        Project = Path.Combine(Root, "project");
    }

    /// <summary>The temporary folder holding everything.</summary>
    public string Root { get; }

    /// <summary>The folder holding the doubles; first on the search path.</summary>
    public string Bin { get; }

    /// <summary>Where the doubles log their calls.</summary>
    public string Log { get; }

    /// <summary>The kubectl double's "cluster": one object per line.</summary>
    public string Objects { get; }

    /// <summary>A folder for the azd project (the publish output), not created.</summary>
    public string Project { get; }

    /// <summary>Extra environment the doubles read (failure modes).</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>The doubles first, then the machine's PATH (for sh, grep, mkdir).</summary>
    public string SearchPath => Bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");

    /// <summary>The environment the doubles need.</summary>
    public Dictionary<string, string?> ToolEnvironment => new(Settings)
    {
        ["DOUBLE_LOG"] = Log,
        ["DOUBLE_KUBECTL_OBJECTS"] = Objects,
    };

    /// <summary>A tool runner that finds the doubles first (and only them when <paramref name="onlyDoubles"/>).</summary>
    public ToolRunner Runner(bool onlyDoubles = false) => new(onlyDoubles ? Bin : SearchPath, ToolEnvironment);

    /// <summary>The calls so far, in order.</summary>
    public IReadOnlyList<DoubleCall> Calls => File.Exists(Log)
        ? File.ReadAllLines(Log).Select(l => l.Split('\t')).Select(f => new DoubleCall(f[0], f[1], f[2], f[3..])).ToArray()
        : [];

    /// <summary>The calls of one tool.</summary>
    public IReadOnlyList<DoubleCall> CallsOf(string tool) => Calls.Where(c => c.Tool == tool).ToArray();

    /// <summary>The kubectl double's objects, as "kind[.group]/name namespace".</summary>
    public IReadOnlyList<string> ObjectsLeft => File.ReadAllLines(Objects)
        .Where(l => l.Trim().Length > 0)
        .Select(l => l.Split(' '))
        .Select(f => $"{f[1]} {f[2]}")
        .ToArray();

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
