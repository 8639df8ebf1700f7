using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Model;

// STAND-IN until the lead's version lands on main: same name and contract, taken from main on merge.
/// <summary>The <c>-DName=value</c> items shared by the local run and the publisher.</summary>
public static class ServerOptions
{
    /// <summary>The items every member gets, secrets excluded, in the tutorial's order first.</summary>
    public static IReadOnlyList<string> BaseItems(MigratoryDataClusterOptions options)
    {
        var items = new List<string>
        {
            $"-DMemory={options.Memory}",
            $"-DClusterDeliveryMode={options.DeliveryMode}",
            $"-DLogLevel={options.LogLevel}",
            $"-DX.ConnectionOffload={(options.ConnectionOffload ? "true" : "false")}",
        };
        if (options.DeliveryMode == DeliveryMode.Guaranteed)
        {
            items.Add($"-DClusterSeedMemberCount={options.SeedMemberCount}");
        }

        items.Add("-DMonitor=PROMETHEUS");
        items.Add($"-DMonitorPrometheus.Listen=*:{options.MetricsPort}");
        items.Add($"-DMonitorUsername={options.MonitorUsername}");
        items.AddRange(options.ExtraOptions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"-D{p.Key}={p.Value}"));
        return items;
    }
}
