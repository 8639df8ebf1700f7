using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigratoryAspire.Monitor.Configuration;
using MigratoryAspire.Monitor.Export;
using MigratoryAspire.Monitor.Scraping;
using OpenTelemetry.Metrics;

namespace MigratoryAspire.Monitor.Monitoring;

/// <summary>Registers the member monitor in a host.</summary>
internal static class MonitorServiceExtensions
{
    /// <summary>
    /// Adds the monitor: options from the <c>Monitor</c> section (validated at start, with every problem named), one
    /// <see cref="MemberMonitor"/> per member, the cluster signals on the host's own MeterProvider, and the worker.
    /// Each member's telemetry goes over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddMigratoryDataMonitor<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MonitorOptions>().BindConfiguration(MonitorOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MonitorOptions>, MonitorOptionsValidator>();

        var useOtlp = !string.IsNullOrWhiteSpace(builder.Configuration[TelemetryDefaults.OtlpEndpointSetting]);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MonitorOptions>>().Value;
            return new MetricsScraper(options.ScrapeTimeout, options.MaxScrapeBytes);
        });
        services.AddSingleton(sp => new ClusterSignals(
            sp.GetRequiredService<IOptions<MonitorOptions>>().Value.ToTopology(),
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<ILogger<ClusterSignals>>()));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MonitorOptions>>().Value;
            var scraper = sp.GetRequiredService<MetricsScraper>();
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var exportMs = (int)options.ExportInterval.TotalMilliseconds;
            Action<MeterProviderBuilder> export = useOtlp
                ? b => b.AddOtlpExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = exportMs)
                : _ => { };
            return new MemberMonitors(options.Members
                .Select(m => new MemberMonitor(m, options, scraper,
                    new MemberTelemetry(m.Name, m.InstanceId, export, options.MaxSeriesPerMetric),
                    loggers.CreateLogger($"{typeof(MemberMonitor).FullName}.{m.Name}")))
                .ToArray());
        });
        services.AddSingleton<MonitorWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<MonitorWorker>());
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(ClusterSignals.MeterName));
        return builder;
    }
}
