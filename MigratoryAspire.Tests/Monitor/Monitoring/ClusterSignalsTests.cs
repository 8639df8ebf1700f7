using MigratoryAspire.Tests.Monitor.Support;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MigratoryAspire.Cluster;
using MigratoryAspire.Monitor.Monitoring;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MigratoryAspire.Tests.Monitor.Monitoring;

public class ClusterSignalsTests
{
    [Fact]
    public void Guaranteed_cluster_of_three_seeds_loses_delivery_when_two_seeds_are_down()
    {
        using var signals = Create(DeliveryMode.Guaranteed, out _);

        var all = signals.Update([0, 1, 2]);
        var oneDown = signals.Update([0, 1]);
        var twoDown = signals.Update([0]);

        Assert.Equal((ClusterState.Running, 3, 3, true, 1), (all.State, all.MembersUp, all.SeedsUp, all.GuaranteedDeliveryAvailable, all.FailuresTolerated));
        Assert.Equal((ClusterState.Degraded, 2, 2, true, 0), (oneDown.State, oneDown.MembersUp, oneDown.SeedsUp, oneDown.GuaranteedDeliveryAvailable, oneDown.FailuresTolerated));
        Assert.Equal((ClusterState.Unavailable, 1, 1, false, 0), (twoDown.State, twoDown.MembersUp, twoDown.SeedsUp, twoDown.GuaranteedDeliveryAvailable, twoDown.FailuresTolerated));
        Assert.Equal(2, all.SeedQuorum);
    }

    [Fact]
    public void Members_not_started_are_absent_not_failed_and_count_once_they_run()
    {
        using var signals = Create(DeliveryMode.Standard, out _);

        var base3 = signals.Update([0, 1, 2]);
        var scaled = signals.Update([0, 1, 2, 3]);
        var scaledBack = signals.Update([0, 1, 2]);

        Assert.Equal((ClusterState.Running, 3, 3, 2), (base3.State, base3.MembersUp, base3.MembersExpected, base3.FailuresTolerated));
        Assert.Equal((ClusterState.Running, 4, 4, 3), (scaled.State, scaled.MembersUp, scaled.MembersExpected, scaled.FailuresTolerated));
        Assert.Equal(ClusterState.Running, scaledBack.State);
        Assert.False(base3.GuaranteedDeliveryAvailable); // Standard mode never offers it
    }

    [Fact]
    public void Members_are_judged_against_the_desired_count_a_scale_sets()
    {
        using var signals = Create(DeliveryMode.Guaranteed, out _);

        // Scaled to 4, then migratorydata-3 stopped: a failure against the desired count, as the AppHost says.
        var scaled = signals.Update([0, 1, 2, 3], desiredReplicas: 4);
        var stopped = signals.Update([0, 1, 2], desiredReplicas: 4);
        // Scaled back to 3: the same members up are Running again.
        var scaledBack = signals.Update([0, 1, 2], desiredReplicas: 3);

        Assert.Equal((ClusterState.Running, 4, 4), (scaled.State, scaled.MembersUp, scaled.MembersExpected));
        Assert.Equal((ClusterState.Degraded, 3, 4), (stopped.State, stopped.MembersUp, stopped.MembersExpected));
        Assert.Equal((ClusterState.Running, 3, 3), (scaledBack.State, scaledBack.MembersUp, scaledBack.MembersExpected));
    }

    [Fact]
    public void Logs_only_when_the_state_changes()
    {
        using var signals = Create(DeliveryMode.Guaranteed, out var log);

        signals.Update([0, 1, 2]);
        signals.Update([0, 1, 2]);
        signals.Update([0, 1]);
        signals.Update([1, 0]);
        signals.Update([0, 1, 2]);

        Assert.Equal(3, log.Entries.Count);
        Assert.StartsWith("Cluster md is Degraded: 2 of 3 members up, 2 of 3 seeds (quorum 2), guaranteed delivery available, 0 more failures tolerated",
            log.Messages(LogLevel.Warning).Single());
    }

    [Fact]
    public void Exports_the_signals_as_gauges_tagged_with_the_cluster()
    {
        var sink = new ConcurrentQueue<CollectedMetric>();
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var topology = ClusterTopology.Create("gauges-test", 3, 5, 3, DeliveryMode.Guaranteed);
        using var signals = new ClusterSignals(topology, services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), new ListLogger<ClusterSignals>());
        var builder = Sdk.CreateMeterProviderBuilder().AddMeter(ClusterSignals.MeterName);
        CollectingExporter.Into(sink)(builder);
        using var provider = builder.Build()!;

        signals.Update([0, 2]);
        provider.ForceFlush();

        double Value(string name) => sink.Single(m => m.Name == name).Point(("migratorydata.cluster", "gauges-test")).Value;
        Assert.Equal(2, Value("migratorydata.cluster.members.up"));
        Assert.Equal(3, Value("migratorydata.cluster.members.expected"));
        Assert.Equal(2, Value("migratorydata.cluster.seeds.up"));
        Assert.Equal(2, Value("migratorydata.cluster.seeds.quorum"));
        Assert.Equal(1, Value("migratorydata.cluster.guaranteed_delivery.available"));
        Assert.Equal(0, Value("migratorydata.cluster.failures.tolerated"));
        Assert.Equal((int)ClusterState.Degraded, Value("migratorydata.cluster.state"));
    }

    private static ClusterSignals Create(DeliveryMode mode, out ListLogger<ClusterSignals> log)
    {
        log = new ListLogger<ClusterSignals>();
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        return new ClusterSignals(ClusterTopology.Create("md", 3, 5, 3, mode), services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), log);
    }
}
