using MigratoryAspire.Tests.Monitor.Support;
using MigratoryAspire.Tests.Support;
using MigratoryAspire.AppHost.Deploy;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing;
using MigratoryAspire.AppHost.Publishing.Kubernetes;
using MigratoryAspire.Tests.Telemetry;

namespace MigratoryAspire.Tests.Deploy;

/// <summary>
/// The deploy and destroy steps' work in-process, against the recording azd and kubectl doubles (Deploy/Doubles):
/// which commands run, in which order and folder, for which environment, with which flags, and what a failure stops.
/// The doubles prove our side of the conversation only; see their headers.
/// </summary>
public sealed class AzdDeploymentTests : IDisposable
{
    private const string Subscription = "00000000-1111-2222-3333-444444444444";
    private readonly DeployDoubles _doubles = new();
    private readonly ListLogger<AzdDeploymentTests> _logger = new();
    private readonly RecordingReportingStep _step = new();

    public void Dispose() => _doubles.Dispose();

    [Fact]
    public async Task Deploy_runs_azd_in_the_published_folder_non_interactively_in_order_then_waits_for_the_members()
    {
        Publish();
        var deployment = Deployment(Settings("staging", Subscription, "eastus2"));

        await RunDeployAsync(deployment);

        var azd = _doubles.CallsOf("azd");
        Assert.Equal(
            [
                "auth login --check-status --output json",
                "env list --output json",
                $"env new staging --subscription {Subscription} --location eastus2 --no-prompt",
                "provision --environment staging --no-prompt",
                "deploy --all --environment staging --no-prompt",
            ],
            azd.Select(c => c.CommandLine).Where(c => !c.StartsWith("env get-values", StringComparison.Ordinal)));
        Assert.All(azd, c => Assert.Equal(_doubles.Project, c.Directory));

        // The members are read from the context azd created for the cluster, never from whatever context is current.
        var kubectlReads = _doubles.CallsOf("kubectl").Where(c => c.Directory == _doubles.Project).ToArray();
        Assert.Contains(kubectlReads, c => c.CommandLine == "--context aks-double get statefulset migratorydata --namespace migratory --output json --ignore-not-found");
        Assert.Contains("update: 2 of 3 members ready (3 updated)", _step.Events);
        Assert.Contains("done(Completed): 3 of 3 members ready", _step.Events);

        var summary = await deployment.SummarizeAsync(CancellationToken.None);
        Assert.Contains(summary, s => s.Key == "Client endpoint" && s.Value.StartsWith("http://20.30.40.50/ ", StringComparison.Ordinal));
        Assert.Contains(summary, s => s.Key == "Member telemetry" && s.Value.Contains("kubectl port-forward migratorydata-0 9900 --namespace migratory", StringComparison.Ordinal));
        // The members' pods carry no prometheus.io annotations (issue 10), so the summary must not send anyone to them.
        Assert.DoesNotContain(summary, s => s.Value.Contains("prometheus.io", StringComparison.Ordinal));
        Assert.Contains(summary, s => s.Key == "Dashboard"
            && s.Value.StartsWith("`kubectl port-forward --namespace migratory service/migratorydata-dashboard 18888:18888`, then http://localhost:18888 ", StringComparison.Ordinal)
            && s.Value.EndsWith("`azd env get-value MIGRATORYDATA_DASHBOARD_TOKEN`", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_hook_azd_runs_after_applying_prunes_and_waits_for_the_statefulset()
    {
        Publish();
        await RunDeployAsync(Deployment(Settings("staging", Subscription, "eastus2")));

        var hookCalls = _doubles.CallsOf("kubectl").Select(c => c.CommandLine).ToArray();
        var lastApply = Array.FindLastIndex(hookCalls, c => c.StartsWith("apply -f manifests/", StringComparison.Ordinal));
        var listing = Array.FindIndex(hookCalls, c => c.StartsWith("get configmaps,secrets,", StringComparison.Ordinal));
        var rollout = Array.FindIndex(hookCalls, c => c.StartsWith("rollout status statefulset/migratorydata --namespace migratory", StringComparison.Ordinal));
        Assert.True(lastApply >= 0 && listing > lastApply && rollout > listing, string.Join("\n", hookCalls));
        // azd gives the hook its environment's values, among them the cluster's name.
        Assert.Contains(_doubles.CallsOf("kubectl"), c => c.Environment == "AZURE_AKS_CLUSTER_NAME=aks-double" && c.Args[0] == "rollout");
    }

    [Fact]
    public async Task An_existing_environment_keeps_its_subscription_and_location_and_is_not_created_again()
    {
        Publish();
        await RunDeployAsync(Deployment(Settings("dev", Subscription, "eastus2")));
        File.Delete(_doubles.Log);

        await RunDeployAsync(Deployment(Settings("dev", subscription: null, location: "westeurope")));

        var azd = _doubles.CallsOf("azd").Select(c => c.CommandLine).ToArray();
        Assert.DoesNotContain(azd, c => c.StartsWith("env new", StringComparison.Ordinal));
        Assert.DoesNotContain(azd, c => c.StartsWith("env set", StringComparison.Ordinal));
        Assert.Contains("provision --environment dev --no-prompt", azd);
        Assert.Contains(_logger.Messages(Microsoft.Extensions.Logging.LogLevel.Warning),
            m => m.Contains("AZURE_LOCATION=eastus2", StringComparison.Ordinal) && m.Contains("Azure:Location=westeurope", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_environment_without_subscription_and_location_fails_naming_both_before_anything_is_provisioned()
    {
        Publish();
        var deployment = Deployment(Settings("prod", subscription: null, location: null));
        await deployment.CheckPrerequisitesAsync(_step, needKubectl: true, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MigratoryDataDeployException>(() => deployment.EnsureEnvironmentAsync(_step, CancellationToken.None));

        Assert.Contains("Azure:SubscriptionId", error.Message);
        Assert.Contains("Azure:Location", error.Message);
        Assert.Contains("azd env set AZURE_SUBSCRIPTION_ID", error.Message);
        Assert.DoesNotContain(_doubles.CallsOf("azd"), c => c.Args[0] is "env" && c.Args[1] is "new" || c.Args[0] is "provision");
    }

    [Fact]
    public async Task A_failing_provision_stops_the_deploy_with_its_command_exit_code_and_error()
    {
        Publish();
        _doubles.Settings["DOUBLE_AZD_FAIL"] = "provision";
        var deployment = Deployment(Settings("staging", Subscription, "eastus2"));
        await deployment.CheckPrerequisitesAsync(_step, needKubectl: true, CancellationToken.None);
        await deployment.EnsureEnvironmentAsync(_step, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MigratoryDataDeployException>(() => deployment.ProvisionAsync(_step, CancellationToken.None));

        Assert.Contains("`azd provision --environment staging --no-prompt` failed with exit code 1", error.Message);
        Assert.Contains("InvalidTemplateDeployment", error.Message);
        Assert.Contains(_step.Events, e => e.StartsWith("done(CompletedWithError): `azd provision", StringComparison.Ordinal));
        Assert.DoesNotContain(_doubles.CallsOf("azd"), c => c.Args[0] == "deploy");
    }

    [Fact]
    public async Task Not_logged_in_fails_with_the_login_command_before_any_change()
    {
        Publish();
        _doubles.Settings["DOUBLE_AZD_LOGGED_IN"] = "false";

        var error = await Assert.ThrowsAsync<MigratoryDataDeployException>(() =>
            Deployment(Settings("staging", Subscription, "eastus2")).CheckPrerequisitesAsync(_step, needKubectl: true, CancellationToken.None));

        Assert.Contains("azd is not logged in to Azure. Run `azd auth login`", error.Message);
        Assert.Equal(["auth login --check-status --output json"], _doubles.Calls.Select(c => c.CommandLine));
    }

    [Fact]
    public async Task Missing_tools_and_an_invalid_environment_name_are_named_together_before_any_call()
    {
        using var empty = new DeployDoubles(withAzd: false, withKubectl: false);
        var deployment = new AzdDeployment(Settings("bad name!", Subscription, "East US"), Names, new MigratoryDataClusterOptions(), empty.Runner(onlyDoubles: true), _logger);

        var error = await Assert.ThrowsAsync<MigratoryDataDeployException>(() => deployment.CheckPrerequisitesAsync(_step, needKubectl: true, CancellationToken.None));

        Assert.Contains("azd (the Azure Developer CLI) was not found on PATH", error.Message);
        Assert.Contains("https://aka.ms/azd-install", error.Message);
        Assert.Contains("kubectl was not found on PATH", error.Message);
        Assert.Contains("'bad name!'", error.Message);
        Assert.Contains("Azure:Location is 'East US'", error.Message);
        Assert.Empty(empty.Calls);
    }

    [Fact]
    public async Task Destroy_runs_azd_down_for_that_environment_with_what_a_non_interactive_delete_needs()
    {
        Publish();
        await RunDeployAsync(Deployment(Settings("staging", Subscription, "eastus2")));
        File.Delete(_doubles.Log);
        var deployment = Deployment(Settings("staging", null, null));

        var found = await deployment.FindDeploymentAsync(CancellationToken.None);
        await deployment.DownAsync(_step, CancellationToken.None);

        Assert.Equal(("rg-staging", "aks-double"), found);
        var down = Assert.Single(_doubles.CallsOf("azd"), c => c.Args[0] == "down");
        Assert.Equal("down --environment staging --force --purge --no-prompt", down.CommandLine);
        Assert.Equal(_doubles.Project, down.Directory);
    }

    [Fact]
    public async Task Destroy_finds_nothing_for_an_environment_that_was_never_deployed()
    {
        Publish();
        await RunDeployAsync(Deployment(Settings("staging", Subscription, "eastus2")));

        Assert.Null(await Deployment(Settings("production", null, null)).FindDeploymentAsync(CancellationToken.None));
        Assert.Null(await new AzdDeployment(Settings("staging", null, null) with { ProjectDirectory = _doubles.Root }, Names, new MigratoryDataClusterOptions(), _doubles.Runner(), _logger)
            .FindDeploymentAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Secret_values_in_the_azd_environment_never_reach_a_command_line_or_the_log()
    {
        Publish();
        var deployment = Deployment(Settings("staging", Subscription, "eastus2"));
        await deployment.CheckPrerequisitesAsync(_step, needKubectl: true, CancellationToken.None);
        await deployment.EnsureEnvironmentAsync(_step, CancellationToken.None);
        File.AppendAllText(Path.Combine(_doubles.Project, ".azure", "staging", ".env"), "MIGRATORYDATA_LICENSE_KEY=\"do-not-print-me-42\"\n");

        await deployment.ProvisionAsync(_step, CancellationToken.None);
        await deployment.ApplyAsync(_step, CancellationToken.None);
        await deployment.WaitForMembersAsync(_step, CancellationToken.None);
        await deployment.SummarizeAsync(CancellationToken.None);

        Assert.DoesNotContain("do-not-print-me-42", File.ReadAllText(_doubles.Log));
        Assert.DoesNotContain(_logger.Entries, e => e.Message.Contains("do-not-print-me-42", StringComparison.Ordinal));
        Assert.DoesNotContain(_step.Events, e => e.Contains("do-not-print-me-42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_members_wait_gives_up_after_its_timeout_naming_the_pods_to_look_at()
    {
        Publish();
        var settings = Settings("staging", Subscription, "eastus2") with { MembersReadyTimeout = TimeSpan.Zero };
        var deployment = Deployment(settings);
        await deployment.CheckPrerequisitesAsync(_step, needKubectl: true, CancellationToken.None);
        await deployment.EnsureEnvironmentAsync(_step, CancellationToken.None);
        await deployment.ProvisionAsync(_step, CancellationToken.None);

        var error = await Assert.ThrowsAsync<MigratoryDataDeployException>(() => deployment.WaitForMembersAsync(_step, CancellationToken.None));

        Assert.Contains("2 of 3 members ready", error.Message);
        Assert.Contains("kubectl get pods --namespace migratory", error.Message);
    }

    private static KubernetesNames Names => new("migratorydata", "migratory");

    private AzdDeploySettings Settings(string environment, string? subscription, string? location) =>
        new(environment, _doubles.Project, subscription, location) { PollInterval = TimeSpan.FromMilliseconds(20) };

    private AzdDeployment Deployment(AzdDeploySettings settings) => new(settings, Names, new MigratoryDataClusterOptions(), _doubles.Runner(), _logger);

    private void Publish(Action<MigratoryDataClusterOptions>? change = null)
    {
        var options = new MigratoryDataClusterOptions();
        change?.Invoke(options);
        AtomicOutputWriter.Write(_doubles.Project, MigratoryDataPublisher.Render(options, options.ToTopology("migratorydata"), TestMonitorLocation.DeployFolder));
    }

    private async Task RunDeployAsync(AzdDeployment deployment)
    {
        await deployment.CheckPrerequisitesAsync(_step, needKubectl: true, CancellationToken.None);
        await deployment.EnsureEnvironmentAsync(_step, CancellationToken.None);
        await deployment.ProvisionAsync(_step, CancellationToken.None);
        await deployment.ApplyAsync(_step, CancellationToken.None);
        await deployment.WaitForMembersAsync(_step, CancellationToken.None);
    }
}
