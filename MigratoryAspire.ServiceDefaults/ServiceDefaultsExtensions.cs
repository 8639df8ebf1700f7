using Microsoft.Extensions.DependencyInjection;
using Polly.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every .NET service of this solution starts with: OpenTelemetry (sent over OTLP when Aspire gives an endpoint),
/// health checks, service discovery, and resilient <see cref="System.Net.Http.HttpClient"/>s.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Polly's events for one run of a resilience pipeline and for one attempt in it.</summary>
    private static readonly HashSet<string> PerRequestEvents = ["PipelineExecuting", "PipelineExecuted", "ExecutionAttempt"];

    /// <summary>Adds telemetry, health checks, service discovery and HttpClient resilience to the service.</summary>
    /// <typeparam name="TBuilder">The host builder type.</typeparam>
    /// <param name="builder">The service's host builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddDefaultTelemetry();
        builder.AddDefaultHealthChecks();

        // Names like "http://monitor" resolve through the endpoints Aspire passes as services__NAME__... settings.
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        // Polly reports every HTTP request ("Resilience pipeline executed…") and every attempt ("Execution attempt…") at
        // Information, or Warning when it failed: an OTLP export every few seconds fills the console. Retries, timeouts
        // and an open circuit have their own lines, so the per-request and per-attempt ones belong at Debug.
        builder.Services.Configure<TelemetryOptions>(options =>
        {
            var severity = options.SeverityProvider;
            options.SeverityProvider = args => PerRequestEvents.Contains(args.Event.EventName)
                ? ResilienceEventSeverity.Debug
                : severity?.Invoke(args) ?? args.Event.Severity;
        });
        return builder;
    }
}
