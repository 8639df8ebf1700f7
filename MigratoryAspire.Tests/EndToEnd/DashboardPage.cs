using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>A dashboard page opened in headless Chromium by scripts/dashboard-shot.mjs: its PNG and its visible text.</summary>
internal sealed record DashboardPage(string Text, string ScreenshotPath, bool WaitConditionsHeld)
{
    /// <summary>Where screenshots go: the test output folder, so CI keeps them next to the binaries.</summary>
    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "e2e-artifacts")).FullName;

    /// <param name="url">The page.</param>
    /// <param name="screenshotName">The PNG's file name in <see cref="ArtifactsDirectory"/>.</param>
    /// <param name="waitJs">A page expression to wait for (truthy), besides the texts.</param>
    /// <param name="timeout">The longest wait for the page to draw and the conditions to hold.</param>
    /// <param name="waitFor">Texts the page must show.</param>
    /// <param name="afterWait">A page script run once the conditions hold (e.g. a click), before the capture.</param>
    public static async Task<DashboardPage> OpenAsync(string url, string screenshotName, string? waitJs, TimeSpan timeout,
        IEnumerable<string> waitFor, string? afterWait = null)
    {
        var png = Path.Combine(ArtifactsDirectory, screenshotName);
        var args = new List<string>
        {
            "--experimental-websocket", Path.Combine(RepositoryPaths.Root, "scripts", "dashboard-shot.mjs"),
            "--url", url, "--out", png, "--timeout", ((int)timeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--settle", "1500",
        };
        foreach (var text in waitFor)
        {
            args.AddRange(["--wait-for", text]);
        }
        if (waitJs is not null)
        {
            args.AddRange(["--wait-js", waitJs]);
        }
        if (afterWait is not null)
        {
            args.AddRange(["--eval", afterWait]);
        }
        var run = await ExternalCommand.RunAsync("node", args, timeout + TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode is 0 or 2, run.Describe("dashboard-shot.mjs"));
        Assert.True(File.Exists(png), $"no screenshot at {png}");
        return new DashboardPage(run.Output, png, run.ExitCode == 0);
    }

    /// <summary>The cell after a resource's name: in the page text each grid cell is its own line (blank separator lines aside), name then state.</summary>
    public string? StateOf(string resource)
    {
        var lines = Text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var i = lines.IndexOf(resource);
        return i >= 0 && i + 1 < lines.Count ? lines[i + 1] : null;
    }
}
