namespace MigratoryAspire.Cluster;

/// <summary>The ports a MigratoryData member listens on, as the vendor's AKS tutorial uses them.</summary>
public static class ClusterPorts
{
    /// <summary>Clients (HTTP and WebSocket) connect here: <c>Listen = *:8800</c>.</summary>
    public const int DefaultClient = 8800;

    /// <summary>The first inter-cluster port, the one named in <c>ClusterMemberListen</c> and <c>ClusterMembers</c>.</summary>
    public const int DefaultCluster = 8801;

    /// <summary>A member uses its cluster port and the three after it (8801–8804 in the tutorial).</summary>
    public const int ClusterPortCount = 4;

    /// <summary>The Prometheus monitor (<c>MonitorPrometheus.Listen</c>); the vendor sets it explicitly, with no documented default.</summary>
    public const int DefaultMetrics = 9900;

    /// <summary>The inter-cluster ports that start at <paramref name="clusterPort"/>.</summary>
    public static IReadOnlyList<int> ClusterRange(int clusterPort) =>
        Enumerable.Range(clusterPort, ClusterPortCount).ToArray();
}
