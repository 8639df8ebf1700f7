using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// The user's own path: `dotnet run --project MigratoryAspire.AppHost`, then the dashboard in a browser. The member
/// image is the wiring stand-in (NOT MigratoryData), so this proves the AppHost, its dashboard and its clean shutdown,
/// not the server.
/// </summary>
[Collection(ContainerTestsCollection.Name)]
public sealed class DashboardUserPathTests
{
    private static readonly string[] StartedMembers = ["migratorydata-0", "migratorydata-1", "migratorydata-2"];
    private static readonly string[] WaitingMembers = ["migratorydata-3", "migratorydata-4"];

    [BrowserFact]
    public async Task StandIn_dotnet_run_shows_the_cluster_and_its_members_with_their_states_in_the_dashboard_and_stops_cleanly()
    {
        await StandInImage.EnsureBuiltAsync();
        var containersBefore = await StandInContainersAsync();
        var networksBefore = await AspireNetworksAsync();

        await using var appHost = AppHostProcess.Start();
        await appHost.WaitForDashboardAsync(TimeSpan.FromMinutes(3));

        // The page draws only after its SignalR circuit connects, and states arrive as members start: wait for them.
        var waitJs = "(() => { const l = document.body.innerText.split('\\n').map(s => s.trim()).filter(s => s);" +
                     " const st = n => l[l.indexOf(n) + 1];" +
                     " return st('migratorydata') === 'Running'" +
                     $" && [{Quoted(StartedMembers)}].every(n => st(n) === 'Running')" +
                     $" && [{Quoted(WaitingMembers)}].every(n => st(n) === 'Not started'); }})()";
        var page = await DashboardPage.OpenAsync(appHost.DashboardUrl + "/", "dashboard-resources.png", waitJs, TimeSpan.FromMinutes(2),
            ["migratorydata-4"]);

        var context = $"Page text:\n{page.Text}\nScreenshot: {page.ScreenshotPath}";
        Assert.True(page.StateOf("migratorydata") == "Running", context);
        Assert.All(StartedMembers, m => Assert.True(page.StateOf(m) == "Running", $"{m}: {page.StateOf(m)}\n{context}"));
        Assert.All(WaitingMembers, m => Assert.True(page.StateOf(m) == "Not started", $"{m}: {page.StateOf(m)}\n{context}"));
        Assert.Contains("migratoryaspire/standin-not-migratorydata:test", page.Text);
        Assert.True(new FileInfo(page.ScreenshotPath).Length > 10_000, "the screenshot looks blank");

        var ours = (await StandInContainersAsync()).Except(containersBefore).ToArray();
        Assert.Equal(StartedMembers.Length, ours.Length);
        var ourNetworks = (await AspireNetworksAsync()).Except(networksBefore).ToArray();
        Assert.NotEmpty(ourNetworks);

        await appHost.StopAsync(TimeSpan.FromSeconds(60));

        // DCP removes the containers and the session network after the AppHost exits.
        await Eventually.HoldsAsync(async () =>
        {
            Assert.Empty((await StandInContainersAsync()).Intersect(ours));
            Assert.Empty((await AspireNetworksAsync()).Intersect(ourNetworks));
        }, TimeSpan.FromSeconds(60));
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

    private static async Task<string[]> StandInContainersAsync()
    {
        var ps = await ExternalCommand.RunAsync("docker", ["ps", "-aq", "--no-trunc", "--filter", $"label={StandInImage.Label}"], TimeSpan.FromSeconds(30));
        Assert.True(ps.ExitCode == 0, ps.Describe("docker ps"));
        return ps.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static async Task<string[]> AspireNetworksAsync()
    {
        var ls = await ExternalCommand.RunAsync("docker", ["network", "ls", "-q", "--no-trunc", "--filter", "name=aspire-session-network"], TimeSpan.FromSeconds(30));
        Assert.True(ls.ExitCode == 0, ls.Describe("docker network ls"));
        return ls.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
