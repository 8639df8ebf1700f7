using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using MigratoryAspire.AppHost.LocalRun;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.LocalRun;

/// <summary>When a member cannot start, the AppHost says what is missing and how to fix it, and the cluster turns Unavailable.</summary>
[Collection(ContainerTestsCollection.Name)]
public class ContainerDiagnosticsTests
{
    [DockerFact]
    public async Task A_member_whose_image_cannot_be_pulled_explains_the_fix()
    {
        var line = await RunUntilClusterLogsAsync(
            ["MigratoryData:Image=migratoryaspire/no-such-image", "MigratoryData:Tag=0"],
            "migratorydata-0", KnownResourceStates.FailedToStart, "failed to start its container");

        Assert.Contains("'migratoryaspire/no-such-image:0'", line);
        Assert.Contains("MigratoryData:Image", line);
        Assert.Contains("docker load", line);
    }

    [DockerFact]
    public async Task Members_without_a_container_engine_explain_how_to_start_one()
    {
        // An engine that does not answer, as on a laptop where Docker is installed but not running. DCP inherits the
        // variable from this process; the container tests run one at a time, so no other test sees it.
        var previous = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", $"unix://{Path.GetTempPath()}no-engine-{Guid.NewGuid():N}.sock");
        try
        {
            // The testing host waits 30 s for an engine and then throws; a developer's `dotnet run` does not wait, it
            // carries on and marks the containers RuntimeUnhealthy. Behave like the latter.
            var line = await RunUntilClusterLogsAsync(
                ["DcpPublisher:ContainerRuntimeInitializationTimeout=00:00:00"],
                "migratorydata-0", KnownResourceStates.RuntimeUnhealthy, "no container runtime answers");

            Assert.Contains("Start the Docker engine", line);
            Assert.Contains("ASPIRE_CONTAINER_RUNTIME=podman", line);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", previous);
        }
    }

    /// <summary>Starts the AppHost, waits for the member's state and an Unavailable cluster, and returns the cluster's log line.</summary>
    private static async Task<string> RunUntilClusterLogsAsync(string[] args, string member, string memberState, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MigratoryAspire_AppHost>(
            [.. args, "--ASPIRE_ENABLE_CONTAINER_TUNNEL=false"], ct);
        await using var app = await appHost.BuildAsync(ct);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();

        await app.StartAsync(ct);
        await notifications.WaitForResourceAsync(member, memberState, ct);
        var cluster = await notifications.WaitForResourceAsync("migratorydata", e => e.Snapshot.State?.Text == "Unavailable", ct);
        Assert.Equal("0 of 5", cluster.Snapshot.Properties.Single(p => p.Name == ClusterStateProperties.MembersUp).Value);

        await foreach (var batch in logs.WatchAsync("migratorydata").WithCancellation(ct))
        {
            if (batch.FirstOrDefault(l => l.Content.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line.Content;
            }
        }
        throw new InvalidOperationException($"The cluster never logged '{text}'.");
    }
}
