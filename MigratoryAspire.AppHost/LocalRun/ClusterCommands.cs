#pragma warning disable ASPIREINTERACTION001 // InteractionInput declares the commands' arguments (experimental in Aspire 13.6).
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
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
internal static partial class ClusterCommands
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
        builder.WithCommand(Scale, "Scale", ctx => RunAsync(cluster, ctx, ScaleAsync), OperationOptions(
            "kubectl scale statefulset --replicas=N: start the next members in order, each after the previous is healthy, " +
            "or stop the highest ones; within MinAvailable ≤ N ≤ MaxReplicas.",
            icon: "ArrowAutofitHeight",
            progress: "Scaling the cluster: members start one at a time, each after the previous is healthy. Each step is in the cluster's console log.",
            arguments:
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
            ]));
        builder.WithCommand(Drain, "Drain member", ctx => RunAsync(cluster, ctx, DrainAsync), OperationOptions(
            "kubectl drain of the member's node: evict it if the PodDisruptionBudget allows; it stays down until uncordon.",
            icon: "ArrowExit",
            progress: "Draining the member: asking the PodDisruptionBudget, then stopping it.",
            arguments: [MemberInput("The member whose node is drained.")]));
        builder.WithCommand(Uncordon, "Uncordon member", ctx => RunAsync(cluster, ctx, UncordonAsync), OperationOptions(
            "kubectl uncordon of the member's node: a drained member starts again.",
            icon: "ArrowEnter",
            progress: "Uncordoning the member: starting it and waiting until it is healthy.",
            arguments: [MemberInput("The drained member to bring back.")]));
        builder.WithCommand(RollingRestart, "Rolling restart", ctx => RunAsync(cluster, ctx, RollingRestartAsync), OperationOptions(
            "kubectl rollout restart statefulset: restart the members from the highest ordinal down, one at a time, " +
            "each after the previous is healthy; stops if the cluster would become unavailable.",
            icon: "ArrowSync",
            progress: "Restarting the members from the highest ordinal down, one at a time. Each step is in the cluster's console log."));
        return builder;

        // Every operation: enabled once the cluster is up, with a progress message and no cancel.
        static CommandOptions OperationOptions(string description, string icon, string progress, IReadOnlyList<InteractionInput>? arguments = null) => new()
        {
            Description = description,
            IconName = icon,
            UpdateState = EnabledOnceUp,
            // No cancel: an operation stopped half-way leaves the cluster between shapes, as an interrupted rollout would.
            Progress = new CommandProgressOptions { Message = progress, HideCancelButton = true },
            Arguments = arguments ?? [],
        };

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
        context.ResourceSnapshot.State?.Text is null || context.ResourceSnapshot.State.Text == KnownResourceStates.Starting ? ResourceCommandState.Disabled : ResourceCommandState.Enabled;

    private delegate Task<ExecuteCommandResult> Operation(ClusterOperationContext operation);

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
            var result = await operation(new ClusterOperationContext(operations, context)).ConfigureAwait(false);
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
}
