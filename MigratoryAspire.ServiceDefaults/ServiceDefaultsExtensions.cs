using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every .NET service of this solution starts with: OpenTelemetry (sent over OTLP when Aspire gives an endpoint),
/// health checks, service discovery, and resilient <see cref="System.Net.Http.HttpClient"/>s.
/// </summary>
public static class ServiceDefaultsExtensions
{
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
        return builder;
    }
}
