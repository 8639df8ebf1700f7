using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// The wiring stand-in member image: busybox scripts that are NOT MigratoryData. It proves what our AppHost owns
/// (names, ports, environment, health, networking), never the server itself. Built once per test run by
/// scripts/build-standin.sh, from MigratoryAspire.Tests/EndToEnd/StandIn plus the machine's static busybox.
/// </summary>
internal static class StandInImage
{
    /// <summary>Named so it can never be mistaken for migratorydata/server.</summary>
    public const string Image = "migratoryaspire/standin-not-migratorydata";

    public const string Tag = "test";

    /// <summary>The label every stand-in container carries (set in its Dockerfile).</summary>
    public const string Label = "io.migratoryaspire.standin";

    /// <summary>The stand-in's report on the client port.</summary>
    public const string ReportPath = "/cgi-bin/report";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _built;

    /// <summary>Checks the engine answers, then builds the image (once per process).</summary>
    public static async Task EnsureBuiltAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_built)
            {
                return;
            }
            var info = await ExternalCommand.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(30));
            Assert.True(info.ExitCode == 0,
                "No Docker engine answers (`docker info` failed). Start one (`dockerd &` as root, or Docker Desktop) " +
                "or run .ci/run, which installs and starts it.\n" + info.Error);

            var script = Path.Combine(RepositoryPaths.Root, "scripts", "build-standin.sh");
            var build = await ExternalCommand.RunAsync("bash", [script, $"{Image}:{Tag}"], TimeSpan.FromMinutes(3));
            Assert.True(build.ExitCode == 0, build.Describe("scripts/build-standin.sh"));
            _built = true;
        }
        finally
        {
            Gate.Release();
        }
    }
}
