#pragma warning disable ASPIREINTERACTION001 // InteractionInput declares the commands' arguments (experimental in Aspire 13.6).
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.LocalRun;

/// <summary>
/// The tutorial's operations as commands on the cluster resource, for the dashboard and
/// <c>aspire resource {cluster} {command} --{argument} …</c>: scale, drain, uncordon and rolling-restart. Each applies the
/// rules of <see cref="ClusterRules"/> before it acts, drives the members with their own start and stop commands, waits
/// for them through the notification service, logs each step to the cluster's console and ends with a result message.
/// </summary>
internal static class ClusterCommands
{
    /// <summary><c>kubectl scale statefulset --replicas=N</c>.</summary>
    internal const string Scale = "scale";

    /// <summary><c>kubectl drain</c> of the member's node.</summary>
    internal const string Drain = "drain";

    /// <summary><c>kubectl uncordon</c> of the member's node.</summary>
    internal const string Uncordon = "uncordon";

    /// <summary><c>kubectl rollout restart statefulset</c>.</summary>
    internal const string RollingRestart = "rolling-restart";

    /// <summary>The argument of scale: the new desired replica count.</summary>
    internal const string ReplicasArgument = "replicas";

    /// <summary>The argument of drain and uncordon: the member's name.</summary>
    internal const string MemberArgument = "member";

    /// <summary>How long one member may take to become healthy or to stop before the operation gives up.</summary>
    internal static readonly TimeSpan MemberTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Adds the four commands to the cluster resource.</summary>
    internal static IResourceBuilder<MigratoryDataClusterResource> WithClusterCommands(this IResourceBuilder<MigratoryDataClusterResource> builder)
    {
        var cluster = builder.Resource;
        builder.WithCommand(Scale, "Scale", ctx => RunAsync(cluster, ctx, ScaleAsync), new CommandOptions
        {
            Description = "kubectl scale statefulset --replicas=N: start the next members in order, each after the previous is healthy, " +
                          "or stop the highest ones; within MinAvailable ≤ N ≤ MaxReplicas.",
            IconName = "ArrowAutofitHeight",
            UpdateState = EnabledOnceUp,
            // No cancel: an operation stopped half-way leaves the cluster between shapes, as an interrupted rollout would.
            Progress = new CommandProgressOptions { Message = "Scaling the cluster: members start one at a time, each after the previous is healthy. Each step is in the cluster's console log.", HideCancelButton = true },
            Arguments =
            [
                new InteractionInput
                {
                    Name = ReplicasArgument,
                    Label = "Replicas",
                    Description = "The new desired member count, a whole number from MinAvailable to MaxReplicas.",
                    // Text, not Number: every client then gets our message for a value that is not a whole number in bounds.
                    InputType = InputType.Text,
                    Required = true,
                    Placeholder = "e.g. 4",
                },
            ],
        });
        builder.WithCommand(Drain, "Drain member", ctx => RunAsync(cluster, ctx, DrainAsync), new CommandOptions
        {
            Description = "kubectl drain of the member's node: evict it if the PodDisruptionBudget allows; it stays down until uncordon.",
            IconName = "ArrowExit",
            UpdateState = EnabledOnceUp,
            // No cancel: an operation stopped half-way leaves the cluster between shapes, as an interrupted rollout would.
            Progress = new CommandProgressOptions { Message = "Draining the member: asking the PodDisruptionBudget, then stopping it.", HideCancelButton = true },
            Arguments = [MemberInput("The member whose node is drained.")],
        });
        builder.WithCommand(Uncordon, "Uncordon member", ctx => RunAsync(cluster, ctx, UncordonAsync), new CommandOptions
        {
            Description = "kubectl uncordon of the member's node: a drained member starts again.",
            IconName = "ArrowEnter",
            UpdateState = EnabledOnceUp,
            // No cancel: an operation stopped half-way leaves the cluster between shapes, as an interrupted rollout would.
            Progress = new CommandProgressOptions { Message = "Uncordoning the member: starting it and waiting until it is healthy.", HideCancelButton = true },
            Arguments = [MemberInput("The drained member to bring back.")],
        });
        builder.WithCommand(RollingRestart, "Rolling restart", ctx => RunAsync(cluster, ctx, RollingRestartAsync), new CommandOptions
        {
            Description = "kubectl rollout restart statefulset: restart the members from the highest ordinal down, one at a time, " +
                          "each after the previous is healthy; stops if the cluster would become unavailable.",
            IconName = "ArrowSync",
            UpdateState = EnabledOnceUp,
            // No cancel: an operation stopped half-way leaves the cluster between shapes, as an interrupted rollout would.
            Progress = new CommandProgressOptions { Message = "Restarting the members from the highest ordinal down, one at a time. Each step is in the cluster's console log.", HideCancelButton = true },
        });
        return builder;

        static InteractionInput MemberInput(string description) => new()
        {
            Name = MemberArgument,
            Label = "Member",
            Description = description,
            InputType = InputType.Choice,
            Required = true,
            // Filled with the member names by SyncMembers, which knows MaxReplicas.
            Options = [],
        };
    }

    /// <summary>Offers the member names (every slot) to the drain and uncordon arguments.</summary>
    internal static void SyncMemberChoices(MigratoryDataClusterResource cluster)
    {
        var choices = cluster.Members.Select(m => KeyValuePair.Create(m.Name, m.Name)).ToArray();
        foreach (var input in cluster.Annotations.OfType<ResourceCommandAnnotation>()
                     .Where(a => a.Name is Drain or Uncordon)
                     .SelectMany(a => a.Arguments)
                     .Where(i => i.Name == MemberArgument))
        {
            input.Options = choices;
        }
    }

    private static ResourceCommandState EnabledOnceUp(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text is null or "Starting" ? ResourceCommandState.Disabled : ResourceCommandState.Enabled;

    private delegate Task<ExecuteCommandResult> Operation(OperationContext operation);

    private static async Task<ExecuteCommandResult> RunAsync(MigratoryDataClusterResource cluster, ExecuteCommandContext context, Operation operation)
    {
        if (cluster.Operations is not { } operations)
        {
            return CommandResults.Failure($"Cluster '{cluster.Name}' is not running yet.");
        }
        if (!operations.TryBegin())
        {
            return CommandResults.Failure($"Another operation is running on cluster '{cluster.Name}'; run one at a time, as one StatefulSet controller acts at a time.");
        }
        try
        {
            var result = await operation(new OperationContext(operations, context)).ConfigureAwait(false);
            // The console keeps the outcome too: the CLI prints only failures' messages.
            if (result.Success)
            {
                context.Logger.LogInformation("{Message}", result.Message);
            }
            else
            {
                context.Logger.LogWarning("{Message}", result.Message);
            }
            return result;
        }
        finally
        {
            operations.End();
        }
    }

    private static async Task<ExecuteCommandResult> ScaleAsync(OperationContext op)
    {
        var rules = op.Operations.Rules;
        if (rules.ParseReplicas(op.Argument(ReplicasArgument), out var refusal) is not { } replicas)
        {
            return CommandResults.Failure(refusal!);
        }
        var now = op.Status();
        var plan = rules.PlanScale(now, replicas);
        if (plan.Refusal is not null)
        {
            return CommandResults.Failure($"Cannot scale {op.Cluster.Name} to {replicas}: {plan.Refusal}");
        }
        if (replicas == now.DesiredReplicas)
        {
            return CommandResults.Success($"{op.Cluster.Name} already has {replicas} desired replicas; nothing to do.");
        }

        op.Log($"Scaling {op.Cluster.Name} from {now.DesiredReplicas} to {replicas} replicas.");
        op.Operations.SetDesiredReplicas(replicas);
        foreach (var ordinal in plan.Start)
        {
            var member = op.Member(ordinal);
            if (op.Status().Up.Contains(ordinal))
            {
                op.Log($"{member.Name} is already running.");
                continue;
            }
            if (await op.StartAsync(member).ConfigureAwait(false) is { } failure)
            {
                return CommandResults.Failure($"Scale to {replicas} stopped at {member.Name}: {failure} The desired count stays {replicas}, " +
                                              $"as kubectl would show READY {op.Status().Up.Count}/{replicas}; scale again to retry or to go back.");
            }
        }
        foreach (var ordinal in plan.Stop)
        {
            if (await op.StopAsync(op.Member(ordinal)).ConfigureAwait(false) is { } failure)
            {
                return CommandResults.Failure($"Scale to {replicas} stopped at {op.Member(ordinal).Name}: {failure}");
            }
        }
        var verb = plan.Start.Count > 0 ? $"started {Names(op, plan.Start)}" : $"stopped {Names(op, plan.Stop)}";
        return CommandResults.Success($"Scaled {op.Cluster.Name} from {now.DesiredReplicas} to {replicas} replicas: {verb}.");
    }

    private static async Task<ExecuteCommandResult> DrainAsync(OperationContext op)
    {
        if (op.MemberArgument() is not { } member)
        {
            return CommandResults.Failure(op.UnknownMember());
        }
        var now = op.Status();
        if (op.Operations.Rules.CheckEviction(now, member.Ordinal) is { } refusal)
        {
            return CommandResults.Failure(refusal);
        }

        var allowed = op.Operations.Rules.DisruptionsAllowed(now.Up.Count);
        op.Log($"Draining {member.Name}: the PodDisruptionBudget allows {allowed} disruptions ({now.Up.Count} healthy, minAvailable {op.Operations.Rules.MinAvailable}); evicting it.");
        op.Operations.SetCordoned(member.Ordinal, true);
        if (await op.StopAsync(member).ConfigureAwait(false) is { } failure)
        {
            return CommandResults.Failure($"Drain of {member.Name}: {failure}");
        }
        return CommandResults.Success($"Drained {member.Name}: evicted with the PodDisruptionBudget's consent ({allowed} disruptions allowed, " +
                                      $"{now.Up.Count - (now.Up.Contains(member.Ordinal) ? 1 : 0)} members healthy now). It stays down until uncordon --member {member.Name}.");
    }

    private static async Task<ExecuteCommandResult> UncordonAsync(OperationContext op)
    {
        if (op.MemberArgument() is not { } member)
        {
            return CommandResults.Failure(op.UnknownMember());
        }
        if (!op.Operations.Cordoned.Contains(member.Ordinal))
        {
            return CommandResults.Failure($"{member.Name} is not drained; uncordon brings back only a member that drain took down.");
        }

        op.Operations.SetCordoned(member.Ordinal, false);
        var now = op.Status();
        if (member.Ordinal >= now.DesiredReplicas)
        {
            return CommandResults.Success($"Uncordoned {member.Name}. It is beyond the {now.DesiredReplicas} desired replicas, so it stays stopped until a scale up.");
        }
        if (now.Up.Contains(member.Ordinal))
        {
            return CommandResults.Success($"Uncordoned {member.Name}; it is already running.");
        }
        op.Log($"Uncordoned {member.Name}; the StatefulSet starts it again.");
        if (await op.StartAsync(member).ConfigureAwait(false) is { } failure)
        {
            return CommandResults.Failure($"Uncordoned {member.Name}, but {failure}");
        }
        return CommandResults.Success($"Uncordoned {member.Name}: it is running and healthy again.");
    }

    private static async Task<ExecuteCommandResult> RollingRestartAsync(OperationContext op)
    {
        var desired = op.Operations.DesiredReplicas;
        var done = new List<int>();
        foreach (var ordinal in ClusterRules.RolloutOrder(desired))
        {
            var member = op.Member(ordinal);
            if (op.Operations.Rules.CheckRestartStep(op.Status(), ordinal) is { } refusal)
            {
                var progress = done.Count == 0 ? "before restarting any member" : $"after restarting {Names(op, done)}";
                return CommandResults.Failure($"Rolling restart of {op.Cluster.Name} stopped {progress}: {refusal}");
            }
            op.Log($"Rolling restart: restarting {member.Name} ({done.Count + 1} of {desired}).");
            if (await op.StopAsync(member).ConfigureAwait(false) is { } stopFailure)
            {
                return CommandResults.Failure($"Rolling restart stopped at {member.Name}: {stopFailure}");
            }
            if (await op.StartAsync(member).ConfigureAwait(false) is { } startFailure)
            {
                return CommandResults.Failure($"Rolling restart stopped at {member.Name}: {startFailure}");
            }
            done.Add(ordinal);
        }
        return CommandResults.Success($"Restarted {Names(op, done)}, in that order, one at a time; the cluster stayed available.");
    }

    private static string Names(OperationContext op, IEnumerable<int> ordinals) => string.Join(", ", ordinals.Select(o => op.Member(o).Name));

    /// <summary>One command's run: the cluster, its state, and the member start/stop steps with waits.</summary>
    private sealed class OperationContext(ClusterOperations operations, ExecuteCommandContext context)
    {
        private readonly ResourceNotificationService _notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        private readonly ResourceCommandService _commands = context.Services.GetRequiredService<ResourceCommandService>();

        public ClusterOperations Operations { get; } = operations;

        public MigratoryDataClusterResource Cluster => Operations.Cluster;

        public ClusterStatus Status() => Operations.Status(_notifications);

        public MigratoryDataMemberResource Member(int ordinal) => Cluster.Members[ordinal];

        public string? Argument(string name) =>
            context.Arguments.TryGetByName(name, out var input) ? input.Value : null;

        public MigratoryDataMemberResource? MemberArgument() =>
            Cluster.Members.FirstOrDefault(m => string.Equals(m.Name, Argument(ClusterCommands.MemberArgument)?.Trim(), StringComparison.Ordinal));

        public string UnknownMember() =>
            $"member is '{Argument(ClusterCommands.MemberArgument)}', but it must be one of {string.Join(", ", Cluster.Members.Select(m => m.Name))}.";

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
                e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == HealthStatus.Healthy
                && e.Snapshot.StartTimeStamp >= since.AddSeconds(-1)).ConfigureAwait(false);
            if (!healthy)
            {
                return $"{member.Name} was not healthy within {MemberTimeout.TotalMinutes:0} minutes (its console log in the dashboard says why).";
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
                return $"{member.Name} did not stop within {MemberTimeout.TotalMinutes:0} minutes.";
            }
            Log($"{member.Name} has stopped.");
            return null;
        }

        private static bool IsStopped(ResourceEvent e) =>
            KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text) || e.Snapshot.State?.Text == KnownResourceStates.NotStarted;

        private async Task<bool> WaitAsync(MigratoryDataMemberResource member, Func<ResourceEvent, bool> predicate)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            limit.CancelAfter(MemberTimeout);
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
}
