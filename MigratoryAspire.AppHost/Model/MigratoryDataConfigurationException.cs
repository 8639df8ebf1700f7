namespace MigratoryAspire.AppHost.Model;

/// <summary>
/// Invalid settings, found before anything starts or is written. Ends the AppHost with exit code
/// <see cref="MigratoryDataExitCodes.InvalidSettings"/> (2); see <see cref="MigratoryDataException"/>.
/// </summary>
public sealed class MigratoryDataConfigurationException : MigratoryDataException
{
    /// <summary>Creates the exception from every error found, each naming the key, the value given and what is allowed.</summary>
    /// <param name="clusterName">The cluster whose settings are invalid.</param>
    /// <param name="errors">The errors, one sentence each.</param>
    public MigratoryDataConfigurationException(string clusterName, IReadOnlyList<string> errors)
        : base($"The MigratoryData cluster '{clusterName}' has invalid settings:{Environment.NewLine}" +
               string.Join(Environment.NewLine, errors.Select(e => $"  - {e}")),
            MigratoryDataExitCodes.InvalidSettings)
    {
        Errors = errors;
    }

    /// <summary>Every error found.</summary>
    public IReadOnlyList<string> Errors { get; }
}
