using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// A test that needs a container engine, headless Chromium and Node.js. Like <see cref="DockerFactAttribute"/>, it
/// skips, saying why, only where its tools cannot exist (not installed) and not in CI; in CI (CI=true) it always runs.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!DockerEngine.CanExist)
        {
            Skip = "No container engine can run here: the docker command is not installed and this is not CI " +
                   "(.ci/run installs Debian's docker.io and starts dockerd).";
        }
        else if (!DockerEngine.IsCi && !(DockerEngine.IsOnPath("chromium") && DockerEngine.IsOnPath("node")))
        {
            Skip = "Chromium or Node.js is not installed and this is not CI (.ci/run installs Debian's chromium).";
        }
    }
}
