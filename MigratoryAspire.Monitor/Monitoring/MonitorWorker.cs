using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigratoryAspire.Cluster;
using MigratoryAspire.Monitor.Configuration;

namespace MigratoryAspire.Monitor.Monitoring;

/// <summary>Runs a cycle over every member each scrape interval, then updates the cluster signals.</summary>
public sealed class MonitorWorker : BackgroundService
{
    private readonly IReadOnlyList<MemberMonitor> _members;
    private readonly ClusterSignals _signals;
    private readonly TimeSpan _interval;
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
        _logger = logger;
    }

    /// <summary>Runs one cycle: every member at once, then the cluster signals.</summary>
    /// <param name="cancellationToken">Stops the cycle.</param>
    public async Task<ClusterHealth> RunCycleAsync(CancellationToken cancellationToken)
    {
        var observations = await Task.WhenAll(_members.Select(m => m.RunCycleAsync(cancellationToken))).ConfigureAwait(false);
        return _signals.Update(observations.Where(o => o.Up).Select(o => o.Ordinal));
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
