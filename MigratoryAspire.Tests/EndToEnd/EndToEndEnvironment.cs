namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// Decides whether an end-to-end test can run here. In CI (CI=true) it always runs, so a missing engine fails the
/// build instead of hiding. Elsewhere a test skips only where its tools cannot exist at all (not installed); an
/// installed engine that is merely stopped makes the test fail with the fix in its message.
/// </summary>
internal static class EndToEndEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a Docker test cannot run on this machine, or null when it can (or must, in CI).</summary>
    public static string? DockerSkipReason { get; } =
        IsCi || ExternalCommand.OnPath("docker") || ExternalCommand.OnPath("dockerd") || ExternalCommand.OnPath("podman")
            ? null
            : "No container engine can run here: neither docker, dockerd nor podman is installed (CI installs docker.io via .ci/run).";

    /// <summary>Why a browser test cannot run on this machine, or null when it can (or must, in CI).</summary>
    public static string? BrowserSkipReason { get; } =
        DockerSkipReason ?? (IsCi || (ExternalCommand.OnPath("chromium") && ExternalCommand.OnPath("node"))
            ? null
            : "Headless Chromium or Node.js is not installed (CI installs Debian's chromium via .ci/run).");
}

/// <summary>A test that needs a Docker engine; see <see cref="EndToEndEnvironment"/> for when it skips.</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute() => Skip = EndToEndEnvironment.DockerSkipReason;
}

/// <summary>A test that needs a Docker engine, headless Chromium and Node.js.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = EndToEndEnvironment.BrowserSkipReason;
}

/// <summary>End-to-end tests start containers and AppHosts: one at a time, so they neither collide nor starve each other.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection
{
    public const string Name = "EndToEnd";
}
