using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.Monitor.Monitoring;

/// <summary>
/// The cluster-wide signals, computed by <see cref="ClusterTopology.Evaluate(IEnumerable{int}, int)"/> (the one place the tolerance rule lives) from
/// the members found up, and reported as gauges of the monitor's own telemetry.
/// </summary>
/// <remarks>
/// Members are judged against the desired replica count (<see cref="ClusterRules"/>), the same rule and count as the AppHost's
/// cluster state: a member beyond it counts only while it is up; one not started, or scaled away, is absent, not failed.
/// </remarks>
internal sealed class ClusterSignals : IDisposable
{
    /// <summary>The meter of the cluster gauges.</summary>
    public const string MeterName = "MigratoryAspire.Monitor";

    private readonly ClusterTopology _topology;
    private readonly ILogger _logger;
    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?>[] _tags;
    private volatile ClusterHealth? _current;

    /// <summary>Creates the signals and their gauges.</summary>
    /// <param name="topology">The cluster's topology.</param>
    /// <param name="meterFactory">Creates the meter.</param>
    /// <param name="logger">Where state changes are logged.</param>
    public ClusterSignals(ClusterTopology topology, IMeterFactory meterFactory, ILogger<ClusterSignals> logger)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _topology = topology;
        _logger = logger;
        _tags = [new("migratorydata.cluster", topology.Name)];
        _meter = meterFactory.Create(MeterName);
        Gauge("migratorydata.cluster.members.up", "{member}", "Members up.", h => h.MembersUp);
        Gauge("migratorydata.cluster.members.expected", "{member}", "Members that should be up: the desired replicas plus any other that is up.", h => h.MembersExpected);
        Gauge("migratorydata.cluster.seeds.up", "{member}", "Seed members up (Guaranteed delivery).", h => h.SeedsUp);
        Gauge("migratorydata.cluster.seeds.quorum", "{member}", "Seed members that must stay up for Guaranteed delivery.", h => h.SeedQuorum);
        Gauge("migratorydata.cluster.guaranteed_delivery.available", "1", "1 while Guaranteed delivery works, else 0.", h => h.GuaranteedDeliveryAvailable ? 1 : 0);
        Gauge("migratorydata.cluster.failures.tolerated", "{member}", "Members that may still fail, whichever they are, before the cluster is unavailable.", h => h.FailuresTolerated);
        Gauge("migratorydata.cluster.state", "1", "0 Running, 1 Degraded, 2 Unavailable.", h => (int)h.State);
    }

    /// <summary>The health computed by the last <see cref="Update(IEnumerable{int}, int)"/>; null before the first cycle.</summary>
    public ClusterHealth? Current => _current;

    /// <summary>Recomputes the health from the members found up, against the settings' Replicas.</summary>
    /// <param name="upOrdinals">The ordinals of the members up.</param>
    public ClusterHealth Update(IEnumerable<int> upOrdinals) => Update(upOrdinals, _topology.Replicas);

    /// <summary>Recomputes the health from the members found up against the desired replica count, and logs when the cluster state changes.</summary>
    /// <param name="upOrdinals">The ordinals of the members up.</param>
    /// <param name="desiredReplicas">The desired replica count (changed by scaling).</param>
    public ClusterHealth Update(IEnumerable<int> upOrdinals, int desiredReplicas)
    {
        var health = _topology.Evaluate(upOrdinals, desiredReplicas);
        var previous = _current;
        _current = health;
        if (previous?.State != health.State)
        {
            var level = health.State == ClusterState.Running ? LogLevel.Information : LogLevel.Warning;
            _logger.Log(level,
                "Cluster {Cluster} is {State}: {Up} of {Expected} members up, {SeedsUp} of {Seeds} seeds (quorum {Quorum}), guaranteed delivery {Guaranteed}, {Tolerated} more failures tolerated",
                _topology.Name, health.State, health.MembersUp, health.MembersExpected, health.SeedsUp, _topology.SeedCount,
                health.SeedQuorum, health.GuaranteedDeliveryAvailable ? "available" : "unavailable", health.FailuresTolerated);
        }

        return health;
    }

    private void Gauge(string name, string unit, string description, Func<ClusterHealth, int> value) =>
        _meter.CreateObservableGauge(name,
            () => _current is { } h ? [new Measurement<int>(value(h), _tags)] : Array.Empty<Measurement<int>>(),
            unit, description);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
