using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MigratoryAspire.AppHost.Deploy;

/// <summary>
/// The azd commands the deploy and destroy steps run, each in the azd project folder, non-interactive
/// (<c>--no-prompt</c>) and for one named environment (<c>--environment</c>). Output is streamed to the step's log;
/// a failing command throws <see cref="MigratoryDataDeployException"/> with its exit code and error output.
/// </summary>
internal sealed class AzdCli(ToolRunner tools, string projectDirectory, ILogger logger)
{
    /// <summary>The tool's name on PATH.</summary>
    public const string Tool = "azd";

    /// <summary>True when azd has a usable login (<c>azd auth login --check-status</c>, which always exits 0 and reports in its JSON).</summary>
    public async Task<bool> IsLoggedInAsync(CancellationToken cancellationToken)
    {
        // Before the publish step, so the project folder may not exist yet; the login is not tied to a folder.
        var result = await RunAsync(["auth", "login", "--check-status", "--output", "json"], log: false, cancellationToken, NearestExisting(projectDirectory)).ConfigureAwait(false);
        using var json = Parse(result, "auth login --check-status");
        return json.RootElement.TryGetProperty("status", out var status) && status.GetString() == "success";
    }

    /// <summary>The names of the azd environments of the project (<c>azd env list</c>).</summary>
    public async Task<IReadOnlyList<string>> ListEnvironmentsAsync(CancellationToken cancellationToken)
    {
        var result = await RunAsync(["env", "list", "--output", "json"], log: false, cancellationToken).ConfigureAwait(false);
        using var json = Parse(result, "env list");
        return json.RootElement.EnumerateArray().Select(e => e.GetProperty("Name").GetString() ?? "").ToArray();
    }

    /// <summary>An environment's values (<c>azd env get-values</c>). Never logged: they may hold secrets.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetValuesAsync(string environment, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["env", "get-values", "--environment", environment, "--output", "json"], log: false, cancellationToken).ConfigureAwait(false);
        using var json = Parse(result, "env get-values");
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    /// <summary>Creates an environment with its subscription and location (<c>azd env new</c>).</summary>
    public Task NewEnvironmentAsync(string environment, string subscriptionId, string location, CancellationToken cancellationToken) =>
        RunAsync(["env", "new", environment, "--subscription", subscriptionId, "--location", location, "--no-prompt"], log: true, cancellationToken);

    /// <summary>Sets one value that is not a secret (<c>azd env set</c>): values are visible on the command line.</summary>
    public Task SetValueAsync(string environment, string key, string value, CancellationToken cancellationToken) =>
        RunAsync(["env", "set", key, value, "--environment", environment, "--no-prompt"], log: true, cancellationToken);

    /// <summary>Creates or updates the Azure resources (<c>azd provision</c>).</summary>
    public Task ProvisionAsync(string environment, CancellationToken cancellationToken) =>
        RunAsync(["provision", "--environment", environment, "--no-prompt"], log: true, cancellationToken);

    /// <summary>Applies the manifests and runs the post-deploy hook (<c>azd deploy --all</c>).</summary>
    public Task DeployAsync(string environment, CancellationToken cancellationToken) =>
        RunAsync(["deploy", "--all", "--environment", environment, "--no-prompt"], log: true, cancellationToken);

    /// <summary>Deletes the environment's Azure resources (<c>azd down --force --purge</c>): only after the user confirmed.</summary>
    public Task DownAsync(string environment, CancellationToken cancellationToken) =>
        RunAsync(["down", "--environment", environment, "--force", "--purge", "--no-prompt"], log: true, cancellationToken);

    private async Task<ToolResult> RunAsync(string[] arguments, bool log, CancellationToken cancellationToken, string? directory = null)
    {
        directory ??= projectDirectory;
        logger.LogInformation("Running {Command} in {Directory}", $"{Tool} {string.Join(' ', arguments)}", directory);
        return await tools.RunCheckedAsync(Tool, arguments, directory,
            log ? line => logger.LogInformation("{Line}", line) : null, cancellationToken).ConfigureAwait(false);
    }

    private static string NearestExisting(string directory)
    {
        for (var d = new DirectoryInfo(Path.GetFullPath(directory)); d is not null; d = d.Parent)
        {
            if (d.Exists)
            {
                return d.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }

    private static JsonDocument Parse(ToolResult result, string what)
    {
        try
        {
            return JsonDocument.Parse(result.Output);
        }
        catch (JsonException e)
        {
            throw new MigratoryDataDeployException($"`azd {what}` printed something that is not JSON ({e.Message}); is this azd 1.10 or later?");
        }
    }
}
