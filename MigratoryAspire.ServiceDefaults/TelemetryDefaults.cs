using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>Logs, metrics and traces of a service, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
public static class TelemetryDefaults
{
    /// <summary>The setting Aspire fills with its dashboard's OTLP endpoint.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Turns on OpenTelemetry logging, ASP.NET Core / HttpClient / runtime metrics and ASP.NET Core / HttpClient traces,
    /// plus the service's own <see cref="System.Diagnostics.ActivitySource"/> named after the application.
    /// </summary>
    /// <typeparam name="TBuilder">The host builder type.</typeparam>
    /// <param name="builder">The service's host builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddDefaultTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddOpenTelemetry(logs =>
        {
            logs.IncludeFormattedMessage = true;
            logs.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                // Probes hit the health endpoints every few seconds; tracing them would bury the real requests.
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = http => !HealthEndpoints.IsHealthPath(http.Request.Path))
                .AddHttpClientInstrumentation());

        // Without an endpoint (a plain `dotnet run`, tests) the exporter would only retry against localhost:4317.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
