namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>
/// One secret server parameter: where azd takes its value from, the Secret key that holds it, and the variable the
/// member's startup script reads. Values never pass through the publisher: only these names do.
/// </summary>
/// <param name="Parameter">The server parameter, passed as <c>-D{Parameter}=value</c>.</param>
/// <param name="AzdVariable">The azd environment variable (<c>azd env set NAME value</c>).</param>
/// <param name="SecretKey">The key in the Kubernetes Secret.</param>
/// <param name="PodVariable">The container environment variable filled from the Secret key.</param>
internal sealed record ClusterSecret(string Parameter, string AzdVariable, string SecretKey, string PodVariable)
{
    /// <summary>The secrets a member understands, in the order the startup script appends them.</summary>
    public static readonly IReadOnlyList<ClusterSecret> All =
    [
        new("LicenseKey", "MIGRATORYDATA_LICENSE_KEY", "license-key", "MD_LICENSE_KEY"),
        new("ClusterPassword", "MIGRATORYDATA_CLUSTER_PASSWORD", "cluster-password", "MD_CLUSTER_PASSWORD"),
        new("MonitorPassword", "MIGRATORYDATA_MONITOR_PASSWORD", "monitor-password", "MD_MONITOR_PASSWORD"),
    ];

    /// <summary>The monitor's password: the same Secret key the members read.</summary>
    public static ClusterSecret MonitorPassword => All[2];

    /// <summary>
    /// The dashboard's browser token (<c>Dashboard:Frontend:BrowserToken</c>). Not a server parameter: only the dashboard
    /// reads it, so it is in the Secret but not in <see cref="All"/>.
    /// </summary>
    public static readonly ClusterSecret DashboardToken =
        new("", "MIGRATORYDATA_DASHBOARD_TOKEN", "dashboard-token", "DASHBOARD__FRONTEND__BROWSERTOKEN");

    /// <summary>Every key of the Secret: the members' secrets, plus the dashboard token when telemetry is deployed.</summary>
    /// <param name="telemetry">Whether the dashboard is deployed.</param>
    public static IReadOnlyList<ClusterSecret> InSecret(bool telemetry) => telemetry ? [.. All, DashboardToken] : All;
}
