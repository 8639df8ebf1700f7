using Microsoft.Extensions.DependencyInjection;
using Polly.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every .NET service of this solution starts with: OpenTelemetry (sent over OTLP when Aspire gives an endpoint),
/// health checks, service discovery, and resilient <see cref="System.Net.Http.HttpClient"/>s.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Polly's event name for one attempt of a resilience pipeline.</summary>
    private const string ExecutionAttemptEvent = "ExecutionAttempt";

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
        // Polly reports every HTTP attempt ("Execution attempt…") at Information, or Warning when it failed; the
        // retries and the final failure have their own lines, so the per-attempt ones belong at Debug.
        builder.Services.Configure<TelemetryOptions>(options =>
        {
            var severity = options.SeverityProvider;
            options.SeverityProvider = args => args.Event.EventName == ExecutionAttemptEvent
                ? ResilienceEventSeverity.Debug
                : severity?.Invoke(args) ?? args.Event.Severity;
        });
        return builder;
    }
}
