using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigratoryAspire.Cluster;
using MigratoryAspire.Monitor.Configuration;

namespace MigratoryAspire.Monitor.Monitoring;

/// <summary>Runs a cycle over every member each scrape interval, then updates the cluster signals.</summary>
internal sealed class MonitorWorker : BackgroundService
{
    private readonly IReadOnlyList<MemberMonitor> _members;
    private readonly ClusterSignals _signals;
    private readonly TimeSpan _interval;
    private readonly int _replicas;
    private readonly string? _desiredReplicasFile;
    private readonly ILogger<MonitorWorker> _logger;

    /// <summary>Creates the worker.</summary>
    /// <param name="members">The member monitors.</param>
    /// <param name="signals">The cluster signals.</param>
    /// <param name="options">The monitor settings.</param>
    /// <param name="logger">Where unexpected errors are logged.</param>
    public MonitorWorker(MemberMonitors members, ClusterSignals signals, IOptions<MonitorOptions> options, ILogger<MonitorWorker> logger)
    {
        _members = members.All;
        _signals = signals;
        _interval = options.Value.ScrapeInterval;
        _replicas = options.Value.Replicas;
        _desiredReplicasFile = options.Value.DesiredReplicasFile;
        _logger = logger;
    }

    /// <summary>The desired replica count now: the AppHost's file when there is one, else the settings' Replicas.</summary>
    public int DesiredReplicas => DesiredReplicasFile.TryRead(_desiredReplicasFile) ?? _replicas;

    /// <summary>Runs one cycle: every member at once, then the cluster signals against the desired replica count.</summary>
    /// <param name="cancellationToken">Stops the cycle.</param>
    public async Task<ClusterHealth> RunCycleAsync(CancellationToken cancellationToken)
    {
        var desired = DesiredReplicas;
        var observations = await Task.WhenAll(_members.Select(m => m.RunCycleAsync(cancellationToken, expected: m.Ordinal < desired)))
            .ConfigureAwait(false);
        return _signals.Update(observations.Where(o => o.Up).Select(o => o.Ordinal), desired);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        do
        {
            try
            {
                await RunCycleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Members' own failures never get here; this is a bug in the monitor, and the next cycle may still work.
                _logger.LogError(ex, "A monitor cycle failed");
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
