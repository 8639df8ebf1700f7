using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.LocalRun;

/// <summary>
/// What the local cluster stands for beyond its containers: the StatefulSet's desired replica count (<c>spec.replicas</c>)
/// and the drained (cordoned) members. Changed only by the cluster commands; read by the cluster state and, through
/// <see cref="DesiredReplicasFile"/>, by the monitor, so both judge the members against the same desired count.
/// </summary>
internal sealed class ClusterOperations
{
    private readonly object _gate = new();
    private readonly HashSet<int> _cordoned = [];
    private readonly SemaphoreSlim _running = new(1, 1);
    private int _desiredReplicas;

    private readonly ILogger _logger;

    /// <summary>Starts at the settings' Replicas and writes the desired-count file.</summary>
    /// <param name="cluster">The cluster (settings validated).</param>
    /// <param name="logger">Where a failure to write the desired-count file is reported.</param>
    internal ClusterOperations(MigratoryDataClusterResource cluster, ILogger logger)
    {
        Cluster = cluster;
        _logger = logger;
        Rules = new ClusterRules(cluster.Topology, cluster.Options.MinAvailable, MigratoryDataClusterOptions.SectionName + ":");
        _desiredReplicas = cluster.Options.Replicas;
        WriteDesiredFile();
    }

    /// <summary>The cluster.</summary>
    internal MigratoryDataClusterResource Cluster { get; }

    /// <summary>The cluster's operating rules.</summary>
    internal ClusterRules Rules { get; }

    /// <summary>Raised after the desired count or the drained members change.</summary>
    internal event Action? Changed;

    /// <summary>The desired replica count.</summary>
    internal int DesiredReplicas
    {
        get { lock (_gate) { return _desiredReplicas; } }
    }

    /// <summary>The drained members' ordinals.</summary>
    internal IReadOnlySet<int> Cordoned
    {
        get { lock (_gate) { return _cordoned.ToHashSet(); } }
    }

    /// <summary>Sets the desired replica count (scale) and tells the monitor.</summary>
    internal void SetDesiredReplicas(int replicas)
    {
        lock (_gate)
        {
            _desiredReplicas = replicas;
        }
        WriteDesiredFile();
        Changed?.Invoke();
    }

    /// <summary>Marks a member drained (its node cordoned) or not.</summary>
    internal void SetCordoned(int ordinal, bool cordoned)
    {
        lock (_gate)
        {
            if (cordoned)
            {
                _cordoned.Add(ordinal);
            }
            else
            {
                _cordoned.Remove(ordinal);
            }
        }
        Changed?.Invoke();
    }

    /// <summary>Takes the one operation slot; false while another command runs (operations never overlap, as one controller acts at a time).</summary>
    internal bool TryBegin() => _running.Wait(0);

    /// <summary>Frees the operation slot.</summary>
    internal void End() => _running.Release();

    /// <summary>The cluster now: desired count, members Running and healthy, drained members.</summary>
    /// <param name="notifications">Where member states are read.</param>
    internal ClusterStatus Status(ResourceNotificationService notifications) =>
        new(DesiredReplicas, UpMembers(notifications), Cordoned);

    /// <summary>Ordinals of the members Running and healthy now (what the readiness probe would say).</summary>
    internal IReadOnlySet<int> UpMembers(ResourceNotificationService notifications) =>
        Cluster.Members
            .Where(m => notifications.TryGetCurrentState(m.Name, out var e)
                        && IsUp(e.Snapshot.State?.Text, e.Snapshot.HealthStatus))
            .Select(m => m.Ordinal)
            .ToHashSet();

    /// <summary>
    /// Whether a member in this state counts as up: Running and Healthy, what the readiness probe would say. The one
    /// test for the operations, their waits and the cluster state.
    /// </summary>
    /// <param name="state">The member's state text.</param>
    /// <param name="health">The member's health.</param>
    internal static bool IsUp(string? state, HealthStatus? health) =>
        state == KnownResourceStates.Running && health == HealthStatus.Healthy;

    private void WriteDesiredFile()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Cluster.DesiredReplicasPath)!);
            DesiredReplicasFile.Write(Cluster.DesiredReplicasPath, DesiredReplicas);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not write the desired replica count to {Path} ({Error}); the monitor keeps judging members " +
                               "against Replicas ({Replicas}) until it can.", Cluster.DesiredReplicasPath, ex.Message, Cluster.Options.Replicas);
        }
    }
}
