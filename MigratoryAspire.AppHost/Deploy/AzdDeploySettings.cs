using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using MigratoryAspire.AppHost.Publishing.Azd;

namespace MigratoryAspire.AppHost.Deploy;

/// <summary>
/// What <c>aspire deploy</c> and <c>aspire destroy</c> need beyond the cluster's settings: the azd environment (named
/// after the Aspire environment, <c>-e</c>), the azd project folder (the pipeline's output, <c>-o</c>), and the Azure
/// subscription and location for an azd environment that does not have them yet.
/// </summary>
/// <param name="EnvironmentName">The azd environment: the Aspire environment's name, unchanged (<c>-e staging</c> → <c>staging</c>).</param>
/// <param name="ProjectDirectory">The folder holding the published <c>azure.yaml</c>.</param>
/// <param name="SubscriptionId">From configuration <c>Azure:SubscriptionId</c> (or <c>AZURE_SUBSCRIPTION_ID</c>); the azd environment's own value wins.</param>
/// <param name="Location">From configuration <c>Azure:Location</c> (or <c>AZURE_LOCATION</c>); the azd environment's own value wins.</param>
internal sealed partial record AzdDeploySettings(string EnvironmentName, string ProjectDirectory, string? SubscriptionId, string? Location)
{
    /// <summary>The configuration key of the subscription id (the key Aspire's Azure provisioning uses).</summary>
    public const string SubscriptionIdKey = "Azure:SubscriptionId";

    /// <summary>The configuration key of the Azure region (the key Aspire's Azure provisioning uses).</summary>
    public const string LocationKey = "Azure:Location";

    /// <summary>How long <c>aspire deploy</c> waits for every member to be ready after azd deployed.</summary>
    public TimeSpan MembersReadyTimeout { get; init; } = PostDeployHookWriter.MembersReadyTimeout;

    /// <summary>The azd environment's folder in the project: <c>{project}/.azure/{environment}</c>.</summary>
    public string EnvironmentDirectory => Path.Combine(ProjectDirectory, ".azure", EnvironmentName);

    /// <summary>How often it asks the StatefulSet how many members are ready.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reads the settings from configuration.</summary>
    public static AzdDeploySettings From(IConfiguration configuration, string environmentName, string projectDirectory) => new(
        environmentName,
        projectDirectory,
        NullIfEmpty(configuration[SubscriptionIdKey]) ?? NullIfEmpty(configuration["AZURE_SUBSCRIPTION_ID"]),
        NullIfEmpty(configuration[LocationKey]) ?? NullIfEmpty(configuration["AZURE_LOCATION"]));

    /// <summary>Every problem, each naming the setting, the value and what is allowed; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!AzdEnvironmentName().IsMatch(EnvironmentName))
        {
            errors.Add($"The Aspire environment name '{EnvironmentName}' (aspire deploy -e NAME) is also the azd environment name, " +
                "so it must be 1-64 letters, digits or '-', '_', '.', '(', ')'.");
        }

        if (SubscriptionId is not null && !Guid.TryParse(SubscriptionId, out _))
        {
            errors.Add($"{SubscriptionIdKey} is '{SubscriptionId}', but it must be a subscription id (a GUID, see `az account list`).");
        }

        if (Location is not null && !AzureLocation().IsMatch(Location))
        {
            errors.Add($"{LocationKey} is '{Location}', but it must be an Azure region name such as 'eastus2' (lower-case letters and digits, see `az account list-locations`).");
        }

        return errors;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // azd's own rule for environment names (pkg/environment).
    [GeneratedRegex(@"^[a-zA-Z0-9\-\(\)_\.]{1,64}$")]
    private static partial Regex AzdEnvironmentName();

    [GeneratedRegex("^[a-z0-9]{2,40}$")]
    private static partial Regex AzureLocation();
}
