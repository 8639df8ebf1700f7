using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.LocalRun;

/// <summary>One command's run: the cluster, its state, and the member start/stop steps with waits.</summary>
internal sealed class ClusterOperationContext(ClusterOperations operations, ExecuteCommandContext context)
{
    private readonly ResourceNotificationService _notifications = context.Services.GetRequiredService<ResourceNotificationService>();
    private readonly ResourceCommandService _commands = context.Services.GetRequiredService<ResourceCommandService>();

    public ClusterOperations Operations { get; } = operations;

    public MigratoryDataClusterResource Cluster => Operations.Cluster;

    public ClusterTopology Topology => Operations.Rules.Topology;

    public ClusterStatus Status() => Operations.Status(_notifications);

    public MigratoryDataMemberResource Member(int ordinal) => Cluster.Members[ordinal];

    public string? Argument(string name) =>
        context.Arguments.TryGetByName(name, out var input) ? input.Value : null;

    public MigratoryDataMemberResource? MemberArgument() =>
        Cluster.Members.FirstOrDefault(m => string.Equals(m.Name, Argument(ClusterCommands.MemberArgument)?.Trim(), StringComparison.Ordinal));

    public string UnknownMember() =>
        $"member is '{Argument(ClusterCommands.MemberArgument)}', but it must be one of {Topology.MemberNames(Cluster.Members.Select(m => m.Ordinal))}.";

    public void Log(string message) => context.Logger.LogInformation("{Message}", message);

    /// <summary>Starts a member and waits until this new run is healthy; returns why not, or null.</summary>
    public async Task<string?> StartAsync(MigratoryDataMemberResource member)
    {
        var since = DateTime.UtcNow;
        Log($"Starting {member.Name}.");
        var result = await _commands.ExecuteCommandAsync(member, KnownResourceCommands.StartCommand, context.CancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return $"{member.Name} did not start: {result.Message}";
        }
        var healthy = await WaitAsync(member, e =>
            ClusterOperations.IsUp(e.Snapshot.State?.Text, e.Snapshot.HealthStatus)
            && e.Snapshot.StartTimeStamp >= since.AddSeconds(-1)).ConfigureAwait(false);
        if (!healthy)
        {
            return $"{member.Name} was not healthy within {ClusterCommands.MemberTimeout.TotalMinutes:0} minutes (its console log in the dashboard says why).";
        }
        Log($"{member.Name} is running and healthy.");
        return null;
    }

    /// <summary>Stops a member and waits until it has stopped; returns why not, or null.</summary>
    public async Task<string?> StopAsync(MigratoryDataMemberResource member)
    {
        if (_notifications.TryGetCurrentState(member.Name, out var current) && IsStopped(current))
        {
            return null;
        }
        Log($"Stopping {member.Name}.");
        var result = await _commands.ExecuteCommandAsync(member, KnownResourceCommands.StopCommand, context.CancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            return $"{member.Name} did not stop: {result.Message}";
        }
        if (!await WaitAsync(member, IsStopped).ConfigureAwait(false))
        {
            return $"{member.Name} did not stop within {ClusterCommands.MemberTimeout.TotalMinutes:0} minutes.";
        }
        Log($"{member.Name} has stopped.");
        return null;
    }

    private static bool IsStopped(ResourceEvent e) =>
        KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text) || e.Snapshot.State?.Text == KnownResourceStates.NotStarted;

    private async Task<bool> WaitAsync(MigratoryDataMemberResource member, Func<ResourceEvent, bool> predicate)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        limit.CancelAfter(ClusterCommands.MemberTimeout);
        try
        {
            await _notifications.WaitForResourceAsync(member.Name, predicate, limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
