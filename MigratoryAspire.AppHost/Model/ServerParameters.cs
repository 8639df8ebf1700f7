using System.Globalization;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Model;

/// <summary>
/// The <c>-DName=value</c> items of MIGRATORYDATA_EXTRA_OPTS (the image reads its server parameters from them).
/// The local run and the publisher both build the string here, so a member gets the same parameters in both.
/// </summary>
internal static class ServerParameters
{
    /// <summary>The environment variable the image reads server parameters from.</summary>
    public const string EnvironmentVariable = "MIGRATORYDATA_EXTRA_OPTS";

    /// <summary>Server parameters this project sets itself; ExtraOptions may not override them.</summary>
    public static IReadOnlySet<string> ManagedParameters { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Memory", "ClusterDeliveryMode", "LogLevel", "X.ConnectionOffload", "ClusterSeedMemberCount", "Listen",
        "ClusterMemberListen", "ClusterMembers", "Monitor", "MonitorPrometheus.Listen", "MonitorUsername",
        "MonitorPassword", "LicenseKey", "ClusterPassword",
    };

    /// <summary>
    /// The items every member shares, in a fixed order: the tutorial's five first (Memory, ClusterDeliveryMode,
    /// LogLevel, X.ConnectionOffload, ClusterSeedMemberCount), then the client listener when not the default,
    /// the Prometheus monitor, and ExtraOptions by name. Secrets are never among them.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> BaseItems(MigratoryDataClusterOptions options)
    {
        var items = new List<KeyValuePair<string, string>>
        {
            new("Memory", options.Memory),
            new("ClusterDeliveryMode", options.DeliveryMode.ToString()),
            new("LogLevel", options.LogLevel.ToUpperInvariant()),
            new("X.ConnectionOffload", options.ConnectionOffload ? "true" : "false"),
        };
        // Seeds only exist in Guaranteed mode; a 1- or 2-member Standard cluster has no seed list to size.
        if (options.DeliveryMode == DeliveryMode.Guaranteed)
        {
            items.Add(new("ClusterSeedMemberCount", Invariant(options.SeedMemberCount)));
        }
        if (options.ClientPort != ClusterPorts.DefaultClient)
        {
            items.Add(new("Listen", $"*:{Invariant(options.ClientPort)}"));
        }
        items.Add(new("Monitor", "PROMETHEUS"));
        items.Add(new("MonitorPrometheus.Listen", $"*:{Invariant(options.MetricsPort)}"));
        items.Add(new("MonitorUsername", options.MonitorUsername));
        items.AddRange(options.ExtraOptions.OrderBy(e => e.Key, StringComparer.Ordinal));
        return items;
    }

    /// <summary>The items that differ per member: its own ClusterMemberListen and the shared ClusterMembers.</summary>
    /// <param name="topology">The cluster topology.</param>
    /// <param name="ordinal">The member's ordinal.</param>
    /// <param name="domain">The DNS domain after member names (none locally).</param>
    public static IReadOnlyList<KeyValuePair<string, string>> MemberItems(ClusterTopology topology, int ordinal, string? domain = null) =>
    [
        new("ClusterMemberListen", topology.ClusterMemberListen(ordinal, domain)),
        new("ClusterMembers", topology.ClusterMembers(domain)),
    ];

    /// <summary>Formats items as the image expects them: <c>-DName=value</c>, separated by single spaces.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, string>> items) =>
        string.Join(' ', items.Select(i => $"-D{i.Key}={i.Value}"));

    /// <summary>Parses a MIGRATORYDATA_EXTRA_OPTS string back into items (for checks and the stand-in's report).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string value) =>
        value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t.StartsWith("-D", StringComparison.Ordinal) && t.Contains('='))
            .Select(t => new KeyValuePair<string, string>(t[2..t.IndexOf('=')], t[(t.IndexOf('=') + 1)..]))
            .ToArray();

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
