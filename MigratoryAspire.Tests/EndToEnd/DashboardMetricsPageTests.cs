using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// The user's path to a member's metrics: `dotnet run`, then the dashboard's metrics page of migratorydata-0. The
/// stand-in (NOT MigratoryData) serves a fixed Prometheus sample with `standin_…` names, so this proves the monitor's
/// scrape (with the member's credentials), its OTLP re-export and the attribution to the member in the dashboard,
/// not MigratoryData's own metrics.
/// </summary>
[Collection(ContainerTestsCollection.Name)]
public sealed class DashboardMetricsPageTests
{
    // One per Prometheus type in the stand-in's sample: gauge, counter, histogram (bucket series), summary.
    private static readonly string[] StandInInstruments =
        ["standin_connections_current", "standin_messages_total", "standin_publish_latency_seconds_bucket", "standin_cluster_sync_seconds"];

    [BrowserFact]
    public async Task StandIn_dotnet_run_the_metrics_page_of_a_member_shows_the_stand_ins_metrics_with_their_help_text()
    {
        await StandInImage.EnsureBuiltAsync();
        await using var appHost = AppHostProcess.Start();
        await appHost.WaitForDashboardAsync(TimeSpan.FromMinutes(3));
        // The page falls back to another resource when opened before the member has sent any metrics.
        await WaitForMetricsAsync(appHost.DashboardUrl, "migratorydata-0", TimeSpan.FromMinutes(2));

        // Open the member's page, wait for the scraped instruments to be listed, then select the counter (a tree item) to show its description.
        var selectCounter = "document.querySelector('fluent-tree-item[title=\"standin_messages_total\"]').click()";
        var page = await DashboardPage.OpenAsync(appHost.DashboardUrl + "/metrics/resource/migratorydata-0",
            "dashboard-metrics-migratorydata-0.png", waitJs: null, TimeSpan.FromMinutes(2), StandInInstruments, selectCounter);

        var context = $"Page text:\n{page.Text}\nScreenshot: {page.ScreenshotPath}";
        Assert.True(page.WaitConditionsHeld, context);
        Assert.All(StandInInstruments, name => Assert.Contains(name, page.Text));
        // The HELP line of the member's page reached the dashboard with the series.
        Assert.True(page.Text.Contains("Messages handled: a constant from the wiring stand-in.", StringComparison.Ordinal), context);

        await appHost.StopAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits until the dashboard's telemetry API lists the resource with metrics.</summary>
    private static async Task WaitForMetricsAsync(string dashboardUrl, string resource, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await client.GetStringAsync(dashboardUrl + "/api/telemetry/resources");
                using var json = System.Text.Json.JsonDocument.Parse(last);
                if (json.RootElement.EnumerateArray().Any(r =>
                        r.GetProperty("name").GetString() == resource && r.GetProperty("hasMetrics").GetBoolean()))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                last = e.Message;
            }
            await Task.Delay(1000);
        }
        Assert.Fail($"The dashboard never received metrics for {resource}. Last answer: {last}");
    }
}
