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
/// so this watches the members and derives Running, Degraded or Unavailable from their health and the tolerance rule
/// in <see cref="ClusterTopology.Evaluate"/>.
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
                // The settings are validated by now, so the topology can be computed.
                await e.Notifications.PublishUpdateAsync(resource, s => s with
                {
                    Properties = ClusterStateProperties.For(resource, resource.Topology.Evaluate([])),
                }).ConfigureAwait(false);
                var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                var appLogger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MigratoryAspire.Cluster");
                var tracker = new MemberTracker(resource, e.Notifications, new[] { e.Logger, appLogger });
                _ = Task.Run(() => tracker.RunAsync(stopping), stopping);
            });
    }

    private sealed class MemberTracker(MigratoryDataClusterResource cluster, ResourceNotificationService notifications, ILogger[] loggers)
    {
        private readonly ClusterTopology _topology = cluster.Topology;
        private readonly Dictionary<int, (string? State, HealthStatus? Health)> _members = [];
        private readonly HashSet<int> _expected = cluster.Members.Where(m => m.StartsWithCluster).Select(m => m.Ordinal).ToHashSet();
        private bool _reachedRunning;
        private ClusterHealth? _published;
        private string? _publishedState;

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            try
            {
                await foreach (var evt in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (evt.Resource is not MigratoryDataMemberResource member || !ReferenceEquals(member.Cluster, cluster))
                    {
                        continue;
                    }
                    Observe(member, evt.Snapshot);
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

            // A member started on demand (scale-up) is expected to stay up once it has been healthy; stopping it
            // after that is a failure drill. While it is still coming up it does not degrade the cluster.
            if (state == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy)
            {
                _expected.Add(member.Ordinal);
            }
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
            var up = _members.Where(m => m.Value.State == KnownResourceStates.Running && m.Value.Health == HealthStatus.Healthy)
                .Select(m => m.Key).ToArray();
            var health = _topology.Evaluate(up, _expected);
            _reachedRunning |= health.State == ClusterState.Running;

            var failed = _members.Any(m => _expected.Contains(m.Key) &&
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

            if (health == _published && state.Text == _publishedState)
            {
                return;
            }
            if (_publishedState is not null && state.Text != _publishedState)
            {
                foreach (var logger in loggers)
                {
                    logger.LogInformation("Cluster '{Cluster}' is {State}: {MembersUp} of {Max} members up, {Tolerated} more failures tolerated.",
                        cluster.Name, state.Text, health.MembersUp, health.MaxMembers, health.FailuresTolerated);
                }
            }
            _published = health;
            _publishedState = state.Text;
            await notifications.PublishUpdateAsync(cluster, s => s with
            {
                State = state,
                Properties = ClusterStateProperties.For(cluster, health),
                StartTimeStamp = s.StartTimeStamp ?? DateTime.UtcNow,
            }).ConfigureAwait(false);
        }
    }
}
