namespace MigratoryAspire.AppHost.Model;

/// <summary>
/// The image's <c>MIGRATORYDATA_JAVA_*</c> variables (JVM flags), as both the local run and the StatefulSet set them.
/// A setting left empty sets no variable, so the image keeps its own default.
/// </summary>
internal static class JavaOptionVariables
{
    /// <summary>The variables that are set, in a fixed order: GC log options, GC options, other JVM options.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Of(MigratoryDataClusterOptions options) =>
        new KeyValuePair<string, string?>[]
        {
            new("MIGRATORYDATA_JAVA_GC_LOG_OPTS", options.JavaGcLogOptions),
            new("MIGRATORYDATA_JAVA_GC_OPTS", options.JavaGcOptions),
            new("MIGRATORYDATA_JAVA_EXTRA_OPTS", options.JavaExtraOptions),
        }
        .Where(v => !string.IsNullOrWhiteSpace(v.Value))
        .Select(v => new KeyValuePair<string, string>(v.Key, v.Value!))
        .ToArray();
}
