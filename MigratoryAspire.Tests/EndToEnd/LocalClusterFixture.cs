using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MigratoryAspire.AppHost.LocalRun;
using MigratoryAspire.AppHost.Model;

using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// One AppHost, started once for all local-cluster tests, with the stand-in image (NOT MigratoryData) as the member
/// image: containers, names, network, ports and environment are real; the server is not.
/// </summary>
public sealed class LocalClusterFixture : IAsyncLifetime
{
    public const string ClusterName = "migratorydata";

    /// <summary>How long any single wait may take before a test fails with what it saw.</summary>
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromMinutes(2);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost did not start.");

    public ResourceNotificationService Notifications => App.Services.GetRequiredService<ResourceNotificationService>();

    public ResourceCommandService Commands => App.Services.GetRequiredService<ResourceCommandService>();

    /// <summary>
    /// Starts a stopped member and waits until this new run is Running and healthy. The start command returns before
    /// the state settles, and meanwhile the old run's Exited can still be reported: waiting for "healthy" alone then
    /// gives up with "failed to start" (seen in CI), so this waits for a run that started after the command.
    /// </summary>
    public async Task StartMemberAsync(string name, CancellationToken ct)
    {
        var since = DateTime.UtcNow.AddSeconds(-1);
        var result = await Commands.ExecuteCommandAsync(name, KnownResourceCommands.StartCommand, ct);
        Assert.True(result.Success, $"start {name}: {result.Message}");
        await Notifications.WaitForResourceAsync(name, e =>
            ClusterOperations.IsUp(e.Snapshot.State?.Text, e.Snapshot.HealthStatus) && e.Snapshot.StartTimeStamp >= since, ct);
    }

    public MigratoryDataClusterResource Cluster =>
        App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<MigratoryDataClusterResource>().Single();

    public async Task InitializeAsync()
    {
        if (!DockerEngine.CanExist)
        {
            return; // every test of this fixture is skipped, with the reason
        }
        await StandInImage.EnsureBuiltAsync();

        using var cts = new CancellationTokenSource(WaitTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MigratoryAspire_AppHost>(
        [
            $"MigratoryData:Image={StandInImage.Image}",
            $"MigratoryData:Tag={StandInImage.Tag}",
            // Aspire 13.6 otherwise builds a tunnel proxy from an image that cannot be pulled offline.
            "--ASPIRE_ENABLE_CONTAINER_TUNNEL=false",
        ], cts.Token);
        _app = await builder.BuildAsync(cts.Token);
        await _app.StartAsync(cts.Token);
        foreach (var member in Cluster.Members.Where(m => m.StartsWithCluster))
        {
            await Notifications.WaitForResourceHealthyAsync(member.Name, cts.Token);
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>The current snapshot of a resource.</summary>
    public CustomResourceSnapshot Snapshot(string resourceName) =>
        Notifications.TryGetCurrentState(resourceName, out var e) ? e.Snapshot : throw new InvalidOperationException($"No state for {resourceName}");

    /// <summary>Ordinals of the members that are Running and Healthy now.</summary>
    public IReadOnlyList<int> RunningMembers() =>
        Cluster.Members.Where(m => Notifications.TryGetCurrentState(m.Name, out var e)
                && e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy)
            .Select(m => m.Ordinal).ToArray();

    /// <summary>A member's stand-in report, fetched through the member's client endpoint.</summary>
    public async Task<StandInReport> ReportAsync(string member)
    {
        using var client = App.CreateHttpClient(member, MigratoryDataClusterResource.ClientEndpointName);
        client.Timeout = TimeSpan.FromSeconds(30);
        return StandInReport.Parse(await client.GetStringAsync(StandInImage.ReportPath));
    }
}
