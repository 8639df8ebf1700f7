using MigratoryAspire.AppHost.Model;
using System.Text.RegularExpressions;
using MigratoryAspire.Tests.Hosting;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Deploy;

/// <summary>
/// The real front door: <c>dotnet aspire deploy</c> / <c>dotnet aspire destroy</c> (the CLI pinned in
/// .config/dotnet-tools.json) on the built AppHost, with the recording azd and kubectl doubles first on PATH. Few runs,
/// each a whole AppHost process; the detail is in <see cref="AzdDeploymentTests"/>.
/// </summary>
public sealed class AspireCliDeployTests : IDisposable
{
    private const string Subscription = "00000000-1111-2222-3333-444444444444";
    private readonly DeployDoubles _doubles = new();

    public void Dispose() => _doubles.Dispose();

    [Fact]
    public async Task Aspire_deploy_drives_azd_for_the_environment_and_aspire_destroy_runs_azd_down()
    {
        var deploy = await AspireAsync("deploy", "-e", "staging");

        Assert.True(deploy.ExitCode == 0, deploy.Output);
        Assert.Equal(
            [
                "auth login --check-status --output json",
                "env list --output json",
                $"env new staging --subscription {Subscription} --location eastus2 --no-prompt",
                "provision --environment staging --no-prompt",
                "deploy --all --environment staging --no-prompt",
            ],
            _doubles.CallsOf("azd").Select(c => c.CommandLine).Where(c => !c.StartsWith("env get-values", StringComparison.Ordinal)));
        Assert.All(_doubles.CallsOf("azd").Skip(1), c => Assert.Equal(_doubles.Project, c.Directory));
        Assert.True(File.Exists(Path.Combine(_doubles.Project, "hooks", "postdeploy.sh")));
        // The wait polled until every member was ready (the kubectl double answers 2 of 3, then 3 of 3) and the user saw
        // its progress. The exact wording of each poll is AzdDeploymentTests'; once in CI the CLI's rendering showed the
        // first poll's line and not the last, which this run could not reproduce, so the whole output is kept on failure.
        Assert.Equal(2, _doubles.CallsOf("kubectl").Count(c => c.CommandLine.Contains("get statefulset migratorydata ", StringComparison.Ordinal)));
        Assert.True(deploy.Output.Contains("of 3 members ready", StringComparison.Ordinal), deploy.Output);
        Assert.True(deploy.Output.Contains("Client endpoint: http://20.30.40.50/") && deploy.Output.Contains("Pipeline succeeded"), deploy.Output);

        File.Delete(_doubles.Log);
        var destroy = await AspireAsync("destroy", "-e", "staging", "--yes");

        Assert.True(destroy.ExitCode == 0, destroy.Output);
        Assert.Equal(["down --environment staging --force --purge --no-prompt"],
            _doubles.CallsOf("azd").Where(c => c.Args[0] == "down").Select(c => c.CommandLine));
        Assert.Contains("Removed: resource group rg-staging (AKS cluster aks-double", destroy.Output);
    }

    [Fact]
    public async Task A_failing_provision_stops_aspire_deploy_with_its_error_and_a_non_zero_exit()
    {
        _doubles.Settings["DOUBLE_AZD_FAIL"] = "provision";

        var deploy = await AspireAsync("deploy", "-e", "staging");

        Assert.Equal(MigratoryDataExitCodes.DeployFailed, deploy.ExitCode);
        Assert.Contains("`azd provision --environment staging --no-prompt` failed with exit code 1", deploy.Output);
        Assert.Contains("InvalidTemplateDeployment", deploy.Output);
        Assert.Contains("Pipeline failed", deploy.Output);
        Assert.DoesNotContain(_doubles.CallsOf("azd"), c => c.Args[0] == "deploy");
    }

    [Fact]
    public async Task Without_an_azd_login_aspire_deploy_fails_before_it_writes_or_provisions_anything()
    {
        _doubles.Settings["DOUBLE_AZD_LOGGED_IN"] = "false";

        var deploy = await AspireAsync("deploy", "-e", "staging");

        Assert.Equal(MigratoryDataExitCodes.DeployFailed, deploy.ExitCode);
        Assert.Contains("azd is not logged in to Azure. Run `azd auth login`", deploy.Output);
        Assert.Equal(["auth login --check-status --output json"], _doubles.Calls.Select(c => c.CommandLine));
        Assert.False(Directory.Exists(_doubles.Project), "the publish step must wait for the checks");
    }

    [Fact]
    public async Task Aspire_destroy_without_yes_in_a_non_interactive_run_deletes_nothing()
    {
        // An azd project with a deployed environment, as the azd double keeps it.
        Directory.CreateDirectory(Path.Combine(_doubles.Project, ".azure", "staging"));
        File.WriteAllText(Path.Combine(_doubles.Project, "azure.yaml"), "name: migratorydata\n");
        File.WriteAllText(Path.Combine(_doubles.Project, ".azure", "staging", ".env"), "AZURE_ENV_NAME=\"staging\"\nAZURE_RESOURCE_GROUP=\"rg-staging\"\n");

        var destroy = await AspireAsync("destroy", "-e", "staging");

        // The CLI refuses before the AppHost starts; interactively, the step asks (Aspire's confirmation prompt).
        Assert.NotEqual(0, destroy.ExitCode);
        Assert.Contains("requires --yes", destroy.Output);
        Assert.DoesNotContain(_doubles.CallsOf("azd"), c => c.Args[0] == "down");
    }

    private async Task<(int ExitCode, string Output)> AspireAsync(params string[] arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = _doubles.SearchPath,
            // The variables azd users have; Azure__SubscriptionId / Azure__Location work the same (AzdDeploySettings).
            ["AZURE_SUBSCRIPTION_ID"] = Subscription,
            ["AZURE_LOCATION"] = "eastus2",
        };
        foreach (var (name, value) in _doubles.ToolEnvironment)
        {
            environment[name] = value!;
        }

        var result = await EntryPointCommand.AspireAsync(
            [.. arguments, "--apphost", Path.Combine(RepositoryPaths.Root, "MigratoryAspire.AppHost"),
             "-o", _doubles.Project, "--non-interactive", "--nologo", "--no-build"],
            environment, TimeSpan.FromMinutes(5));
        // The CLI wraps its output to its width; compare unwrapped text.
        return (result.ExitCode, Regex.Replace(result.Output, @"\s*\n\s*", " "));
    }
}
