using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.LocalRun;

/// <summary>
/// Publishes the cluster resource's own state. Aspire pushes no state to a parent that has no process of its own,
/// so this watches the members and derives Running, Degraded or Unavailable from their health, the desired replica count
/// (<see cref="ClusterOperations"/>) and the tolerance rule in <see cref="ClusterTopology.Evaluate(IEnumerable{int}, int)"/>:
/// the same rule and the same desired count as the monitor's <c>/cluster</c>.
/// </summary>
internal static class ClusterStateWatcher
{
    /// <summary>Shows the cluster as Starting, then keeps its state and properties up to date while the AppHost runs.</summary>
    internal static IResourceBuilder<MigratoryDataClusterResource> WithClusterState(this IResourceBuilder<MigratoryDataClusterResource> builder)
    {
        return builder
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = ClusterStateProperties.ResourceType,
                State = new ResourceStateSnapshot(KnownResourceStates.Starting, KnownResourceStateStyles.Info),
                Properties = [],
            })
            .OnInitializeResource(async (resource, e, ct) =>
            {
                // The settings are validated by now, so the topology and the rules can be computed.
                var appLogger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MigratoryAspire.Cluster");
                var operations = resource.Operations = new ClusterOperations(resource, appLogger);
                var desired = operations.DesiredReplicas;
                await e.Notifications.PublishUpdateAsync(resource, s => s with
                {
                    Properties = ClusterStateProperties.For(resource, resource.Topology.Evaluate([], desired), desired, operations.Cordoned, 0),
                }).ConfigureAwait(false);
                var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                stopping.Register(() => File.Delete(resource.DesiredReplicasPath));
                var tracker = new MemberTracker(resource, operations, e.Notifications, new[] { e.Logger, appLogger });
                _ = Task.Run(() => tracker.RunAsync(stopping), stopping);
            });
    }

    private sealed class MemberTracker(
        MigratoryDataClusterResource cluster, ClusterOperations operations, ResourceNotificationService notifications, ILogger[] loggers)
    {
        private readonly ClusterTopology _topology = cluster.Topology;
        private readonly Dictionary<int, (string? State, HealthStatus? Health)> _members = [];
        private readonly SemaphoreSlim _publishing = new(1, 1);
        private bool _reachedRunning;
        private ClusterHealth? _published;
        private string? _publishedState;
        private string? _publishedOperations;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            // A scale or drain changes the desired count or the drained members before any member moves.
            operations.Changed += () => _ = PublishAsync();
            try
            {
                await foreach (var evt in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (evt.Resource is not MigratoryDataMemberResource member || !ReferenceEquals(member.Cluster, cluster))
                    {
                        continue;
                    }
                    await _publishing.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        Observe(member, evt.Snapshot);
                    }
                    finally
                    {
                        _publishing.Release();
                    }
                    await PublishAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The AppHost is stopping.
            }
        }

        private void Observe(MigratoryDataMemberResource member, CustomResourceSnapshot snapshot)
        {
            var state = snapshot.State?.Text;
            _members.TryGetValue(member.Ordinal, out var previous);
            _members[member.Ordinal] = (state, snapshot.HealthStatus);

            if (state != previous.State)
            {
                ExplainFailure(member, state);
            }
        }

        private void ExplainFailure(MigratoryDataMemberResource member, string? state)
        {
            var image = cluster.Options.ImageReference;
            string? advice = null;
            if (state == KnownResourceStates.RuntimeUnhealthy)
            {
                advice = $"Member '{member.Name}' cannot start: no container runtime answers. Start the Docker engine " +
                         "(Docker Desktop, or `sudo dockerd` / `sudo systemctl start docker` on Linux), or use Podman with " +
                         "ASPIRE_CONTAINER_RUNTIME=podman, then run the AppHost again.";
            }
            else if (state == KnownResourceStates.FailedToStart)
            {
                advice = $"Member '{member.Name}' failed to start its container from '{image}'. If the image cannot be pulled " +
                         $"(no access to its registry), pull it where you can and load it here (`docker save` / `docker load`), " +
                         $"or point {MigratoryDataClusterOptions.SectionName}:Image and :Tag at an image you have (`docker images`). " +
                         "The member's console log in the dashboard has the runtime's own message.";
            }
            if (advice is not null)
            {
                foreach (var logger in loggers)
                {
                    logger.LogError("{Advice}", advice);
                }
            }
        }

        private async Task PublishAsync()
        {
            await _publishing.WaitAsync().ConfigureAwait(false);
            try
            {
                await PublishCoreAsync().ConfigureAwait(false);
            }
            finally
            {
                _publishing.Release();
            }
        }

        private async Task PublishCoreAsync()
        {
            var up = _members.Where(m => ClusterOperations.IsUp(m.Value.State, m.Value.Health))
                .Select(m => m.Key).ToArray();
            var running = _members.Count(m => m.Value.State == KnownResourceStates.Running);
            // The same rule and the same desired count as the monitor (ClusterRules, via the desired-replicas file).
            var desired = operations.DesiredReplicas;
            var health = _topology.Evaluate(up, desired);
            _reachedRunning |= health.State == ClusterState.Running;
            var expected = ClusterRules.DesiredMembers(desired);
            var cordoned = operations.Cordoned;
            var operationsView = $"{desired}/{running}/{string.Join(',', cordoned.Order())}";

            var failed = _members.Any(m => expected.Contains(m.Key) &&
                m.Value.State is { } s && (s == KnownResourceStates.FailedToStart || s == KnownResourceStates.RuntimeUnhealthy));
            // Until every member that starts with the cluster has been healthy once, the cluster is still coming up
            // (a seed majority may not be there yet), unless a member already failed for good.
            var state = !_reachedRunning && !failed
                ? new ResourceStateSnapshot(KnownResourceStates.Starting, KnownResourceStateStyles.Info)
                : health.State switch
                {
                    ClusterState.Running => new ResourceStateSnapshot(nameof(ClusterState.Running), KnownResourceStateStyles.Success),
                    ClusterState.Degraded => new ResourceStateSnapshot(nameof(ClusterState.Degraded), KnownResourceStateStyles.Warn),
                    _ => new ResourceStateSnapshot(nameof(ClusterState.Unavailable), KnownResourceStateStyles.Error),
                };

            if (health == _published && state.Text == _publishedState && operationsView == _publishedOperations)
            {
                return;
            }
            if (_publishedState is not null && state.Text != _publishedState)
            {
                foreach (var logger in loggers)
                {
                    logger.LogInformation("Cluster '{Cluster}' is {State}: {MembersUp} of {Expected} expected members up ({Desired} desired replicas, {Max} slots), {Tolerated} more failures tolerated.",
                        cluster.Name, state.Text, health.MembersUp, health.MembersExpected, desired, health.MaxMembers, health.FailuresTolerated);
                }
            }
            _published = health;
            _publishedState = state.Text;
            _publishedOperations = operationsView;
            await notifications.PublishUpdateAsync(cluster, s => s with
            {
                State = state,
                Properties = ClusterStateProperties.For(cluster, health, desired, cordoned, running),
                StartTimeStamp = s.StartTimeStamp ?? DateTime.UtcNow,
            }).ConfigureAwait(false);
        }
    }
}
