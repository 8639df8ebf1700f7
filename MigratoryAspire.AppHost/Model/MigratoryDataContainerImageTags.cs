namespace MigratoryAspire.AppHost.Model;

/// <summary>The member image: registry, name and a pinned tag.</summary>
internal static class MigratoryDataContainerImageTags
{
    /// <summary>docker.io</summary>
    public const string Registry = "docker.io";

    /// <summary>migratorydata/server</summary>
    public const string Image = "migratorydata/server";

    /// <summary>6.0.24, the newest tag the vendor's own manifests pin.</summary>
    public const string Tag = "6.0.24";
}
