using System.Globalization;
using Microsoft.Extensions.Configuration;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Model;

/// <summary>
/// Reads <see cref="MigratoryDataClusterOptions"/> from the <c>MigratoryData</c> configuration section, turning a value
/// of the wrong type or an unknown key into an error that names the key and what is allowed.
/// </summary>
public static class MigratoryDataClusterOptionsBinder
{
    private static readonly string[] IntegerKeys =
        ["Replicas", "MaxReplicas", "MinAvailable", "SeedMemberCount", "ClientPort", "ClusterPort", "MetricsPort"];

    /// <summary>Binds the section over the defaults. Returns the errors found; the options are usable only when there are none.</summary>
    public static IReadOnlyList<string> Bind(IConfiguration configuration, MigratoryDataClusterOptions options)
    {
        var section = configuration.GetSection(MigratoryDataClusterOptions.SectionName);
        var errors = new List<string>();
        var prefix = MigratoryDataClusterOptions.SectionName + ":";

        // The binder's own conversion errors name the key but not the allowed values, and stop at the first one.
        foreach (var key in IntegerKeys)
        {
            if (section[key] is { } raw && !int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                errors.Add($"{prefix}{key} is '{raw}', but it must be a whole number.");
            }
        }
        if (section["ConnectionOffload"] is { } offload && !bool.TryParse(offload, out _))
        {
            errors.Add($"{prefix}ConnectionOffload is '{offload}', but it must be true or false.");
        }
        if (section["DeliveryMode"] is { } mode && !IsDeliveryMode(mode))
        {
            errors.Add($"{prefix}DeliveryMode is '{mode}', but it must be Standard or Guaranteed.");
        }
        if (errors.Count > 0)
        {
            return errors;
        }

        section.Bind(options);
        try
        {
            // A misspelt key (Replica=4) would otherwise be ignored without a word. Checked on a scratch copy, since
            // the strict binder stops at the first unknown key and would leave the real options half bound.
            section.Bind(new MigratoryDataClusterOptions(), binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"The {MigratoryDataClusterOptions.SectionName} section has a key this project does not know: {ex.Message} " +
                       "See the README's configuration reference for the keys it accepts.");
        }
        return errors;
    }

    // Enum.TryParse also takes numbers ("7"), which are no delivery mode.
    private static bool IsDeliveryMode(string value) =>
        !int.TryParse(value, out _) && Enum.TryParse<DeliveryMode>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed);
}
