using MigratoryAspire.Tests.Monitor.Support;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using MigratoryAspire.Monitor.Scraping;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MigratoryAspire.Tests.Monitor.Scraping;

public class ScrapeTracingTests
{
    [Fact]
    public async Task Scrapes_leave_no_traces_while_other_http_calls_still_do()
    {
        await using var server = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("g 1\n"));
        var spans = new ConcurrentQueue<string>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddHttpClientInstrumentation()
            .AddProcessor(new SimpleActivityExportProcessor(new SpanCollector(spans)))
            .Build()!;
        using var scraper = new MetricsScraper(TimeSpan.FromSeconds(5), 1024 * 1024);
        using var plain = new HttpClient();

        var scrape = await scraper.ScrapeAsync(new Uri(server.Address, "/scraper/metrics"), CancellationToken.None);
        await plain.GetStringAsync(new Uri(server.Address, "/plain/metrics"));
        tracing.ForceFlush();

        Assert.True(scrape.Succeeded, scrape.Failure);
        Assert.Contains(spans, s => s.Contains("/plain/metrics", StringComparison.Ordinal)); // the listener works
        Assert.DoesNotContain(spans, s => s.Contains("/scraper/metrics", StringComparison.Ordinal));
    }

    private sealed class SpanCollector(ConcurrentQueue<string> spans) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var activity in batch)
            {
                spans.Enqueue($"{activity.DisplayName} {activity.GetTagItem("url.full")}");
            }

            return ExportResult.Success;
        }
    }
}
