using MigratoryAspire.Tests.Monitor.Support;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace MigratoryAspire.Tests.ServiceDefaults;

public class ServiceDefaultsTests
{
    [Fact]
    public async Task Development_serves_health_and_alive()
    {
        await using var app = await StartAsync(Environments.Development);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        Assert.Equal("Healthy", await http.GetStringAsync("/health"));
        Assert.Equal("Healthy", await http.GetStringAsync("/alive"));
    }

    [Fact]
    public async Task A_failing_readiness_check_fails_health_but_not_alive()
    {
        await using var app = await StartAsync(Environments.Development,
            b => b.Services.AddHealthChecks().AddCheck("broken", () => HealthCheckResult.Unhealthy()));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task Production_does_not_expose_health_endpoints()
    {
        await using var app = await StartAsync(Environments.Production);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/alive")).StatusCode);
    }

    [Fact]
    public async Task Metrics_go_to_the_otlp_endpoint_given_in_configuration()
    {
        var received = new ConcurrentQueue<string>();
        await using var collector = await LoopbackServer.StartAsync(ctx =>
        {
            received.Enqueue($"{ctx.Request.Method} {ctx.Request.Path} {ctx.Request.ContentType}");
            return Task.CompletedTask;
        });
        await using var app = await StartAsync(Environments.Development, b =>
        {
            b.Configuration[TelemetryDefaults.OtlpEndpointSetting] = collector.Address.ToString().TrimEnd('/');
            b.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        await http.GetStringAsync("/health");

        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

        Assert.Contains("POST /v1/metrics application/x-protobuf", received);
    }

    [Fact]
    public void HttpClients_from_the_factory_resolve_service_names_and_are_resilient()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        using var host = builder.Build();

        var handler = host.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler("any");
        var chain = new List<string>();
        for (HttpMessageHandler? h = handler; h is DelegatingHandler d; h = d.InnerHandler)
        {
            chain.Add(h.GetType().Name);
        }

        Assert.Contains(nameof(Microsoft.Extensions.Http.Resilience.ResilienceHandler), chain);
        Assert.Contains(chain, name => name.Contains("Resolving", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resilience_logs_each_HTTP_request_and_attempt_at_Debug_only()
    {
        await using var server = await LoopbackServer.StartAsync(ctx => ctx.Response.WriteAsync("ok"));
        var log = new ConcurrentQueue<(LogLevel Level, string Message)>();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(new RecordingProvider(log));
        builder.AddServiceDefaults();
        using var host = builder.Build();

        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("any");
        Assert.Equal("ok", await client.GetStringAsync(server.Address));

        var perRequest = log.Where(e => e.Message.StartsWith("Execution attempt", StringComparison.Ordinal)
                                        || e.Message.StartsWith("Resilience pipeline execut", StringComparison.Ordinal)).ToArray();
        Assert.Contains(perRequest, e => e.Message.StartsWith("Execution attempt", StringComparison.Ordinal)); // still there at Debug
        Assert.All(perRequest, e => Assert.True(e.Level == LogLevel.Debug, $"{e.Level}: {e.Message}"));
    }

    private sealed class RecordingProvider(ConcurrentQueue<(LogLevel Level, string Message)> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Recording(log);

        public void Dispose()
        {
        }

        private sealed class Recording(ConcurrentQueue<(LogLevel Level, string Message)> log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log.Enqueue((logLevel, formatter(state, exception)));
        }
    }

    private static async Task<WebApplication> StartAsync(string environment, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }
}
