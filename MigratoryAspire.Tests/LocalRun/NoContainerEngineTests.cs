using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.LocalRun;

/// <summary>When no container engine answers, the AppHost says so and how to fix it.</summary>
[Collection(ContainerTestsCollection.Name)]
public class NoContainerEngineTests
{
    [DockerFact]
    public async Task Members_report_the_missing_engine_and_the_cluster_tells_how_to_start_one()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        // An engine that does not answer, as on a laptop where Docker is installed but not running. DCP inherits the
        // variable from this process; the container tests run one at a time, so no other test sees it.
        var previous = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", $"unix://{Path.GetTempPath()}no-engine-{Guid.NewGuid():N}.sock");
        try
        {
            var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MigratoryAspire_AppHost>(
                // The testing host waits 30 s for an engine and then throws; a developer's `dotnet run` does not wait,
                // it carries on and marks the containers RuntimeUnhealthy. Behave like the latter.
                ["--ASPIRE_ENABLE_CONTAINER_TUNNEL=false", "DcpPublisher:ContainerRuntimeInitializationTimeout=00:00:00"], ct);
            await using var app = await appHost.BuildAsync(ct);
            var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
            var logs = app.Services.GetRequiredService<ResourceLoggerService>();

            await app.StartAsync(ct);
            await notifications.WaitForResourceAsync("migratorydata-0", KnownResourceStates.RuntimeUnhealthy, ct);
            await notifications.WaitForResourceAsync("migratorydata", e => e.Snapshot.State?.Text == "Unavailable", ct);

            await foreach (var batch in logs.WatchAsync("migratorydata").WithCancellation(ct))
            {
                if (batch.FirstOrDefault(l => l.Content.Contains("no container runtime answers", StringComparison.Ordinal)) is { } line)
                {
                    Assert.Contains("Start the Docker engine", line.Content);
                    Assert.Contains("ASPIRE_CONTAINER_RUNTIME=podman", line.Content);
                    return;
                }
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", previous);
        }
    }
}
