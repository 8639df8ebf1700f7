using MigratoryAspire.Monitor.Benchmark;
using MigratoryAspire.Monitor.Monitoring;

// Hidden modes for benchmarks/monitor-cycle.sh: time the scrape-and-export cycle against a child process serving the pages.
if (args is ["--benchmark", .. var benchmarkArgs])
{
    return await MonitorBenchmark.RunAsync(benchmarkArgs);
}

if (args is ["--benchmark-serve", .. var serveArgs])
{
    return await MonitorBenchmark.ServeAsync(serveArgs);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMigratoryDataMonitor();

var app = builder.Build();
app.MapDefaultEndpoints();
// The cluster signals as JSON: the same numbers as the gauges, for a quick look with curl.
app.MapGet("/cluster", (ClusterSignals signals) => signals.Current is { } health ? Results.Ok(health) : Results.NoContent());
await app.RunAsync();
return 0;
