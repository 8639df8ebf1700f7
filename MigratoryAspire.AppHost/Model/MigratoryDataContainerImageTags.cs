namespace MigratoryAspire.AppHost.Model;

/// <summary>The member image and its pinned tag (on Docker Hub, the engine's default registry, so no registry is named).</summary>
internal static class MigratoryDataContainerImageTags
{
    /// <summary>migratorydata/server</summary>
    public const string Image = "migratorydata/server";

    /// <summary>6.0.24, the newest tag the vendor's own manifests pin.</summary>
    public const string Tag = "6.0.24";
}
