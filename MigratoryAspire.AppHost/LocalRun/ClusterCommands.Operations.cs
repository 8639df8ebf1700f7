using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.LocalRun;

/// <summary>The four operations: each checks <see cref="ClusterRules"/>, then drives the members one step at a time.</summary>
internal static partial class ClusterCommands
{
    private static async Task<ExecuteCommandResult> ScaleAsync(ClusterOperationContext op)
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
        var verb = plan.Start.Count > 0 ? $"started {op.Topology.MemberNames(plan.Start)}" : $"stopped {op.Topology.MemberNames(plan.Stop)}";
        return CommandResults.Success($"Scaled {op.Cluster.Name} from {now.DesiredReplicas} to {replicas} replicas: {verb}.");
    }

    private static async Task<ExecuteCommandResult> DrainAsync(ClusterOperationContext op)
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

    private static async Task<ExecuteCommandResult> UncordonAsync(ClusterOperationContext op)
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

    private static async Task<ExecuteCommandResult> RollingRestartAsync(ClusterOperationContext op)
    {
        var desired = op.Operations.DesiredReplicas;
        var done = new List<int>();
        foreach (var ordinal in ClusterRules.RolloutOrder(desired))
        {
            var member = op.Member(ordinal);
            if (op.Operations.Rules.CheckRestartStep(op.Status(), ordinal) is { } refusal)
            {
                var progress = done.Count == 0 ? "before restarting any member" : $"after restarting {op.Topology.MemberNames(done)}";
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
        return CommandResults.Success($"Restarted {op.Topology.MemberNames(done)}, in that order, one at a time; the cluster stayed available.");
    }
}
