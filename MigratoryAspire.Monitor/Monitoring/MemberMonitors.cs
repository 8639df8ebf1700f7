namespace MigratoryAspire.Monitor.Monitoring;

/// <summary>The monitors of all members, disposed together with the host (which flushes each member's telemetry).</summary>
/// <param name="all">The member monitors.</param>
internal sealed class MemberMonitors(IReadOnlyList<MemberMonitor> all) : IDisposable
{
    /// <summary>The member monitors, in configuration order.</summary>
    public IReadOnlyList<MemberMonitor> All { get; } = all;

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var member in All)
        {
            member.Dispose();
        }
    }
}
