using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.AppHost.Model;

namespace MigratoryAspire.AppHost.Hosting;

/// <summary>
/// Publish mode without the Aspire CLI: a parameter with no value would make Aspire's <c>process-parameters</c> step
/// wait for an answer to a prompt nobody sees, forever. Say which parameters and how to give them, and exit instead.
/// </summary>
internal static class PublishParameterCheck
{
    /// <summary>Ends the AppHost (exit code 3) when a parameter left in the model has no value.</summary>
    public static async Task EnsureValuesAsync(DistributedApplicationModel model, Assembly? appHostAssembly, CancellationToken cancellationToken)
    {
        if (AppHostExit.IsDrivenByAspireCli)
        {
            return; // the CLI asks for missing values itself
        }

        var missing = new List<string>();
        foreach (var parameter in model.Resources.OfType<ParameterResource>())
        {
            try
            {
                // Before process-parameters runs there is nothing to wait for: this reads configuration or the default.
                await parameter.GetValueAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (MissingParameterValueException)
            {
                missing.Add(parameter.Name);
            }
        }

        if (missing.Count > 0)
        {
            var lines = missing.Select(name =>
                $"  - parameter '{name}' has no value: set it with `dotnet user-secrets --project <AppHost> set \"Parameters:{name}\" <value>` " +
                $"or the environment variable Parameters__{name}, or publish with `aspire publish`, which asks for it.");
            AppHostExit.Fail(new MigratoryDataException(
                $"Publishing needs a value for {missing.Count} parameter(s) and nothing can ask for it:{Environment.NewLine}{string.Join(Environment.NewLine, lines)}",
                MigratoryDataExitCodes.MissingParameterValue), appHostAssembly);
        }
    }
}
