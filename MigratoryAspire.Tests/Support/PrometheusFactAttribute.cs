namespace MigratoryAspire.Tests.Support;

/// <summary>A test that needs Docker and Debian's Prometheus (promtool, prometheus). Skipped, saying why, only where they
/// cannot exist (not installed) and not in CI; in CI (CI=true) it always runs (.ci/run installs the prometheus package).</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (!DockerEngine.CanExist)
        {
            Skip = "No container engine can run here: the docker command is not installed and this is not CI.";
        }
        else if (!DockerEngine.IsCi && !(DockerEngine.IsOnPath("promtool") && DockerEngine.IsOnPath("prometheus")))
        {
            Skip = "Prometheus is not installed and this is not CI (.ci/run installs Debian's prometheus package).";
        }
    }
}
