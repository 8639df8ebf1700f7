namespace MigratoryAspire.Tests.Support;

/// <summary>
/// A fact that needs a container engine. It is skipped, saying why, only where no engine can exist: no <c>docker</c>
/// command on the machine and not in CI. In CI (<c>CI=true</c>) it always runs, and fails if no engine answers.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (!DockerEngine.CanExist)
        {
            Skip = "No container engine can run here: the docker command is not installed and this is not CI " +
                   "(.ci/run installs Debian's docker.io and starts dockerd).";
        }
    }
}

/// <summary>What the machine has for running containers.</summary>
internal static class DockerEngine
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool CanExist => IsCi || IsOnPath("docker");

    /// <summary>Whether <paramref name="command"/> is a file in a folder of PATH.</summary>
    public static bool IsOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, command)));
}

/// <summary>Tests that start containers run one at a time: two AppHosts at once on 2 cores only make both slow.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ContainerTestsCollection
{
    public const string Name = "Containers";
}
