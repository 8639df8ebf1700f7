using MigratoryAspire.Monitor.Monitoring;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddMigratoryDataMonitor();

var app = builder.Build();
app.MapDefaultEndpoints();
// The cluster signals as JSON: the same numbers as the gauges, for a quick look with curl.
app.MapGet("/cluster", (ClusterSignals signals) => signals.Current is { } health ? Results.Ok(health) : Results.NoContent());
await app.RunAsync();
