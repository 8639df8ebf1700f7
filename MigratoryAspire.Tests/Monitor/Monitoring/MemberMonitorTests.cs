using MigratoryAspire.Tests.Monitor.Export;
using MigratoryAspire.Tests.Monitor.Support;
using MigratoryAspire.Cluster;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MigratoryAspire.Monitor.Configuration;
using MigratoryAspire.Monitor.Export;
using MigratoryAspire.Monitor.Monitoring;
using MigratoryAspire.Monitor.Scraping;

namespace MigratoryAspire.Tests.Monitor.Monitoring;

public class MemberMonitorTests
{
    private static readonly MonitorOptions Options = new()
    {
        Username = "admin",
        Password = "p@ss w&rd",
        // Generous for a loaded CI machine (container tests run beside these on 2 cores), yet well below the slow
        // servers' 30 s.
        ScrapeTimeout = TimeSpan.FromSeconds(5),
        ProbeTimeout = TimeSpan.FromSeconds(5),
        ScrapeInterval = TimeSpan.FromSeconds(5),
        MaxScrapeBytes = 64 * 1024,
    };

    [Fact]
    public async Task A_healthy_member_is_up_with_its_series_and_is_logged_once()
    {
        string? query = null;
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            query = ctx.Request.QueryString.Value;
            return ctx.Request.Path == "/metrics" ? ctx.Response.WriteAsync(MetricMappingTests.Page) : NotFound(ctx);
        });
        using var monitor = Create(server.Port, out var log);

        var first = await monitor.RunCycleAsync(CancellationToken.None);
        await monitor.RunCycleAsync(CancellationToken.None);

        Assert.True(first.Up, first.DownReason);
        Assert.Equal(13, first.Scrape.Scrape!.SampleCount);
        Assert.Equal("?username=admin&password=p%40ss%20w%26rd", query);
        Assert.True(monitor.Telemetry.PublishesSeries);
        var info = Assert.Single(log.Messages(LogLevel.Information));
        Assert.StartsWith("Member migratorydata-0 is up", info);
        Assert.Empty(log.Messages(LogLevel.Warning));
    }

    [Fact]
    public async Task A_member_that_refuses_connections_is_down_and_logged_once()
    {
        using var monitor = Create(ClosedPort(), out var log);

        var first = await monitor.RunCycleAsync(CancellationToken.None);
        var second = await monitor.RunCycleAsync(CancellationToken.None);

        Assert.False(first.Up);
        Assert.False(second.Up);
        Assert.False(monitor.IsUp);
        Assert.Contains("refused", first.DownReason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("metrics:", first.DownReason);
        var warning = Assert.Single(log.Messages(LogLevel.Warning));
        Assert.StartsWith("Member migratorydata-0 is down:", warning);
    }

    [Fact]
    public async Task A_member_not_meant_to_run_is_absent_and_logged_only_at_Debug_until_it_is_desired()
    {
        using var monitor = Create(ClosedPort(), out var log);

        await monitor.RunCycleAsync(CancellationToken.None, expected: false);
        await monitor.RunCycleAsync(CancellationToken.None, expected: false);
        Assert.Empty(log.Messages(LogLevel.Warning));
        Assert.Empty(log.Messages(LogLevel.Information));
        Assert.StartsWith("Member migratorydata-0 is not running and not meant to", Assert.Single(log.Messages(LogLevel.Debug)));

        // Scaled up to include it, and still not up: now it is down.
        await monitor.RunCycleAsync(CancellationToken.None, expected: true);
        Assert.StartsWith("Member migratorydata-0 is down:", Assert.Single(log.Messages(LogLevel.Warning)));
    }

    [Fact]
    public async Task A_member_slower_than_the_timeout_is_down_and_the_cycle_ends_in_time()
    {
        await using var server = await LoopbackServer.StartAsync(async ctx =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
            await ctx.Response.WriteAsync("late 1");
        });
        using var monitor = Create(server.Port, out _);

        var clock = Stopwatch.StartNew();
        var result = await monitor.RunCycleAsync(CancellationToken.None);

        Assert.False(result.Up);
        Assert.True(result.Probe.Up); // the port accepts connections; only the page is too slow
        Assert.Equal("no complete answer within 5 s", result.Scrape.Failure);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4.9), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_body_that_stalls_half_way_counts_against_the_timeout()
    {
        await using var server = await LoopbackServer.StartAsync(async ctx =>
        {
            await ctx.Response.WriteAsync("first_half 1\n");
            await ctx.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted);
        });
        using var monitor = Create(server.Port, out _);

        var result = await monitor.RunCycleAsync(CancellationToken.None);

        Assert.False(result.Up);
        Assert.Equal("no complete answer within 5 s", result.Scrape.Failure);
    }

    [Fact]
    public async Task A_member_answering_html_is_down_with_the_reason()
    {
        await using var server = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("<html>\n<body>Sign in</body>\n</html>\n"));
        using var monitor = Create(server.Port, out var log);

        var result = await monitor.RunCycleAsync(CancellationToken.None);

        Assert.False(result.Up);
        Assert.StartsWith("the page holds no metrics: all 3 non-comment lines were rejected, first line 1:", result.Scrape.Failure);
        Assert.False(monitor.Telemetry.PublishesSeries);
        Assert.Contains("holds no metrics", Assert.Single(log.Messages(LogLevel.Warning)));
    }

    [Fact]
    public async Task Binary_garbage_is_down_without_an_exception()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        await using var server = await LoopbackServer.StartAsync(ctx => ctx.Response.Body.WriteAsync(bytes).AsTask());
        using var monitor = Create(server.Port, out _);

        var result = await monitor.RunCycleAsync(CancellationToken.None);

        Assert.False(result.Up);
        Assert.NotNull(result.Scrape.Failure);
    }

    [Fact]
    public async Task A_page_with_some_bad_lines_keeps_the_member_up_and_warns_once_until_it_is_clean()
    {
        var page = "good 1\nbad line\nalso_good{a=\"b\"} 2\n";
        await using var server = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync(page));
        using var monitor = Create(server.Port, out var log);

        var first = await monitor.RunCycleAsync(CancellationToken.None);
        await monitor.RunCycleAsync(CancellationToken.None);
        page = "good 1\n";
        await monitor.RunCycleAsync(CancellationToken.None);

        Assert.True(first.Up);
        Assert.Equal(2, first.Scrape.Scrape!.SampleCount);
        var warning = Assert.Single(log.Messages(LogLevel.Warning));
        Assert.Contains("1 malformed lines", warning);
        Assert.Contains("line 2: value \"line\" of \"bad\" is not a number", warning);
        Assert.Contains(log.Messages(LogLevel.Information), m => m.Contains("parses cleanly again"));
    }

    [Fact]
    public async Task Wrong_credentials_are_named_in_the_reason()
    {
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        });
        using var monitor = Create(server.Port, out _);

        var result = await monitor.RunCycleAsync(CancellationToken.None);

        Assert.Equal("HTTP 401 Unauthorized (check MonitorUsername and MonitorPassword)", result.Scrape.Failure);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_oversized_page_is_refused_with_or_without_a_content_length(bool declareLength)
    {
        var body = string.Join('\n', Enumerable.Range(0, 10_000).Select(i => $"series_{i} {i}"));
        await using var server = await LoopbackServer.StartAsync(ctx =>
        {
            if (declareLength)
            {
                ctx.Response.ContentLength = body.Length;
            }

            return ctx.Response.WriteAsync(body);
        });
        using var monitor = Create(server.Port, out _);

        var result = await monitor.RunCycleAsync(CancellationToken.None);

        Assert.False(result.Up);
        Assert.Contains("over the 65536-byte limit", result.Scrape.Failure);
    }

    [Fact]
    public async Task A_connection_cut_mid_page_is_down_without_an_exception()
    {
        await using var server = await LoopbackServer.StartAsync(async ctx =>
        {
            ctx.Response.ContentLength = 10_000;
            await ctx.Response.WriteAsync("partial 1\n");
            await ctx.Response.Body.FlushAsync();
            ctx.Abort();
        });
        using var monitor = Create(server.Port, out _);

        var result = await monitor.RunCycleAsync(CancellationToken.None);

        Assert.False(result.Up);
        Assert.NotNull(result.Scrape.Failure);
    }

    [Fact]
    public async Task A_member_that_disappears_is_marked_down_then_picked_up_again_when_it_returns()
    {
        var server = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("g 1\n"));
        var port = server.Port;
        using var monitor = Create(port, out var log);

        var before = await monitor.RunCycleAsync(CancellationToken.None);
        await server.DisposeAsync();
        var gone = await monitor.RunCycleAsync(CancellationToken.None);
        var stillGone = await monitor.RunCycleAsync(CancellationToken.None);
        await using var back = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("g 2\n"), port);
        var returned = await monitor.RunCycleAsync(CancellationToken.None);

        Assert.Equal([true, false, false, true], new[] { before.Up, gone.Up, stillGone.Up, returned.Up });
        Assert.True(monitor.Telemetry.PublishesSeries);
        Assert.Equal(2, log.Messages(LogLevel.Information).Count(m => m.Contains("is up")));
        Assert.Single(log.Messages(LogLevel.Warning), m => m.Contains("is down"));
    }

    [Fact]
    public async Task A_closed_client_port_makes_the_member_down_even_when_metrics_answer()
    {
        await using var metrics = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("g 1\n"));
        using var monitor = Create(metrics.Port, out _, clientPort: ClosedPort());

        var result = await monitor.RunCycleAsync(CancellationToken.None);

        Assert.False(result.Up);
        Assert.True(result.Scrape.Succeeded);
        Assert.True(monitor.Telemetry.PublishesSeries); // the member's own numbers are still worth showing
        Assert.StartsWith($"client port 127.0.0.1:", result.DownReason);
    }

    [Fact]
    public async Task Shutdown_cancels_a_cycle_instead_of_reporting_the_member_down()
    {
        await using var server = await LoopbackServer.StartAsync(async ctx => await Task.Delay(TimeSpan.FromSeconds(30), ctx.RequestAborted));
        using var monitor = Create(server.Port, out _);
        using var shutdown = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.RunCycleAsync(shutdown.Token));
    }

    [Theory]
    [InlineData("http://localhost:1234", "admin", "p@ss", "http://localhost:1234/metrics?username=admin&password=p%40ss")]
    [InlineData("http://localhost:1234/", null, null, "http://localhost:1234/metrics")]
    [InlineData("http://10.0.0.5:9900/custom", "a b", "", "http://10.0.0.5:9900/custom?username=a%20b&password=")]
    [InlineData("https://host/metrics?x=1", "u", "p", "https://host/metrics?x=1&username=u&password=p")]
    public void Builds_the_scrape_url_with_credentials_as_query_parameters(string url, string? user, string? password, string expected)
    {
        Assert.Equal(expected, MetricsScraper.ScrapeUri(url, user, password).AbsoluteUri);
    }

    private static MemberMonitor Create(int port, out ListLogger<MemberMonitor> log, int? clientPort = null)
    {
        log = new ListLogger<MemberMonitor>();
        var target = new MemberTarget
        {
            Name = "migratorydata-0",
            Ordinal = 0,
            MetricsUrl = $"http://127.0.0.1:{port}",
            ClientAddress = $"127.0.0.1:{clientPort ?? port}",
            InstanceId = "abcdefgh",
        };
        var telemetry = new MemberTelemetry(target.Name, target.InstanceId, _ => { });
        return new MemberMonitor(target, Options, new MetricsScraper(Options.ScrapeTimeout, Options.MaxScrapeBytes), telemetry, log);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static Task NotFound(HttpContext ctx)
    {
        ctx.Response.StatusCode = 404;
        return Task.CompletedTask;
    }
}
