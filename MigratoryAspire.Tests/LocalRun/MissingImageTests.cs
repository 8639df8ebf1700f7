using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using MigratoryAspire.AppHost.LocalRun;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.LocalRun;

/// <summary>When the member image cannot be had, the AppHost says what is missing and how to fix it.</summary>
[Collection(ContainerTestsCollection.Name)]
public class MissingImageTests
{
    [DockerFact]
    public async Task A_member_whose_image_cannot_be_pulled_explains_the_fix_and_the_cluster_is_unavailable()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MigratoryAspire_AppHost>(
            ["MigratoryData:Image=migratoryaspire/no-such-image", "MigratoryData:Tag=0", "--ASPIRE_ENABLE_CONTAINER_TUNNEL=false"], ct);
        await using var app = await appHost.BuildAsync(ct);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();

        await app.StartAsync(ct);
        await notifications.WaitForResourceAsync("migratorydata-0", KnownResourceStates.FailedToStart, ct);
        var cluster = await notifications.WaitForResourceAsync("migratorydata",
            e => e.Snapshot.State?.Text == "Unavailable", ct);

        var advice = await FirstLogLineAsync(logs, "migratorydata", "failed to start its container", ct);
        Assert.Contains("'migratoryaspire/no-such-image:0'", advice);
        Assert.Contains("MigratoryData:Image", advice);
        Assert.Contains("docker load", advice);
        Assert.Equal("0 of 5", cluster.Snapshot.Properties.Single(p => p.Name == ClusterStateProperties.MembersUp).Value);
    }

    private static async Task<string> FirstLogLineAsync(ResourceLoggerService logs, string resource, string text, CancellationToken ct)
    {
        await foreach (var batch in logs.WatchAsync(resource).WithCancellation(ct))
        {
            if (batch.FirstOrDefault(l => l.Content.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line.Content;
            }
        }
        throw new InvalidOperationException($"'{resource}' never logged '{text}'.");
    }
}
