// Aspire 13.6 marks these APIs experimental (pipeline steps, interaction, …); on an upgrade, look here first.
#pragma warning disable ASPIREPIPELINES001

using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing.Kubernetes;

namespace MigratoryAspire.AppHost.Deploy;

/// <summary>
/// The work behind the deploy and destroy pipeline steps: one azd project folder, one azd environment. Each method is
/// one step and reports its progress as tasks of that step; every failure throws <see cref="MigratoryDataDeployException"/>
/// and nothing after it runs.
/// </summary>
internal sealed class AzdDeployment(AzdDeploySettings settings, KubernetesNames names, MigratoryDataClusterOptions options, ToolRunner tools, ILogger logger)
{
    private readonly AzdCli _azd = new(tools, settings.ProjectDirectory, logger);

    /// <summary>The settings it deploys with.</summary>
    public AzdDeploySettings Settings => settings;

    /// <summary>
    /// Before anything changes: the settings are valid, <c>azd</c> and <c>kubectl</c> are on PATH and azd is logged in.
    /// Every problem found is reported at once.
    /// </summary>
    public async Task CheckPrerequisitesAsync(IReportingStep step, bool needKubectl, CancellationToken cancellationToken, string operation = "deploy")
    {
        var task = await step.CreateTaskAsync("Checking settings and tools (azd, kubectl, azd login)", cancellationToken).ConfigureAwait(false);
        await using (task.ConfigureAwait(false))
        {
            var errors = settings.Validate().ToList();
            if (tools.Find(AzdCli.Tool) is null)
            {
                errors.Add("azd (the Azure Developer CLI) was not found on PATH. Install it (https://aka.ms/azd-install: " +
                    "`curl -fsSL https://aka.ms/install-azd.sh | bash`, `winget install microsoft.azd` or `brew install azd`), then run `azd auth login`.");
            }

            if (needKubectl && tools.Find(KubectlCli.Tool) is null)
            {
                errors.Add("kubectl was not found on PATH. Install it (https://kubernetes.io/docs/tasks/tools/, or `az aks install-cli`).");
            }

            if (errors.Count == 0 && !await _azd.IsLoggedInAsync(cancellationToken).ConfigureAwait(false))
            {
                errors.Add("azd is not logged in to Azure. Run `azd auth login` (add `--use-device-code` where no browser can open), then try again.");
            }

            if (errors.Count > 0)
            {
                var message = $"Cannot {operation} the MigratoryData cluster '{names.Cluster}'; nothing was changed:" + Environment.NewLine +
                    string.Join(Environment.NewLine, errors.Select(e => "  - " + e));
                await task.FailAsync(message, cancellationToken).ConfigureAwait(false);
                throw new MigratoryDataDeployException(message);
            }

            await task.SucceedAsync($"{(needKubectl ? "azd and kubectl" : "azd")} found, azd logged in; azd environment '{settings.EnvironmentName}'", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Selects the azd environment named after the Aspire environment, creating it when missing. Subscription and location:
    /// the environment's own values when it has them (they are what it was provisioned with), else
    /// <c>Azure:SubscriptionId</c> / <c>Azure:Location</c> from the AppHost's configuration.
    /// </summary>
    public async Task EnsureEnvironmentAsync(IReportingStep step, CancellationToken cancellationToken)
    {
        var name = settings.EnvironmentName;
        var task = await step.CreateTaskAsync($"Preparing azd environment '{name}'", cancellationToken).ConfigureAwait(false);
        await using (task.ConfigureAwait(false))
        {
            var exists = (await _azd.ListEnvironmentsAsync(cancellationToken).ConfigureAwait(false)).Contains(name, StringComparer.Ordinal);
            var values = exists ? await _azd.GetValuesAsync(name, cancellationToken).ConfigureAwait(false) : new Dictionary<string, string>();
            var subscription = Pick(values, "AZURE_SUBSCRIPTION_ID", settings.SubscriptionId, AzdDeploySettings.SubscriptionIdKey);
            var location = Pick(values, "AZURE_LOCATION", settings.Location, AzdDeploySettings.LocationKey);

            var missing = new List<string>();
            if (subscription.Value is null)
            {
                missing.Add($"the Azure subscription: set {AzdDeploySettings.SubscriptionIdKey} (e.g. the variable Azure__SubscriptionId or AZURE_SUBSCRIPTION_ID), " +
                    $"or `azd env set AZURE_SUBSCRIPTION_ID <id> --environment {name}` in {settings.ProjectDirectory}");
            }

            if (location.Value is null)
            {
                missing.Add($"the Azure region: set {AzdDeploySettings.LocationKey} (e.g. the variable Azure__Location=eastus2 or AZURE_LOCATION), " +
                    $"or `azd env set AZURE_LOCATION <region> --environment {name}` in {settings.ProjectDirectory}");
            }

            if (missing.Count > 0)
            {
                var message = $"azd environment '{name}' needs {string.Join(" and ", missing)}. Nothing was provisioned.";
                await task.FailAsync(message, cancellationToken).ConfigureAwait(false);
                throw new MigratoryDataDeployException(message);
            }

            if (!exists)
            {
                await _azd.NewEnvironmentAsync(name, subscription.Value!, location.Value!, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                foreach (var (key, picked) in new[] { ("AZURE_SUBSCRIPTION_ID", subscription), ("AZURE_LOCATION", location) })
                {
                    if (!picked.FromEnvironment)
                    {
                        await _azd.SetValueAsync(name, key, picked.Value!, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await task.SucceedAsync($"azd environment '{name}': subscription {subscription.Value}, location {location.Value}{(exists ? "" : " (created)")}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Creates or updates the resource group and the AKS cluster (<c>azd provision</c>).</summary>
    public Task ProvisionAsync(IReportingStep step, CancellationToken cancellationToken) =>
        RunTaskAsync(step, "Provisioning the AKS cluster (azd provision)", "Provisioned",
            () => _azd.ProvisionAsync(settings.EnvironmentName, cancellationToken), cancellationToken);

    /// <summary>Applies the manifests; azd then runs the post-deploy hook, which prunes and waits for the members.</summary>
    public Task ApplyAsync(IReportingStep step, CancellationToken cancellationToken) =>
        RunTaskAsync(step, "Applying the manifests (azd deploy; the hook prunes objects that left the model)", "Applied",
            () => _azd.DeployAsync(settings.EnvironmentName, cancellationToken), cancellationToken);

    /// <summary>Waits until every member of the StatefulSet runs the newest template and is ready, reporting "N of M members ready".</summary>
    public async Task WaitForMembersAsync(IReportingStep step, CancellationToken cancellationToken)
    {
        var kubectl = await KubectlAsync(cancellationToken).ConfigureAwait(false);
        var task = await step.CreateTaskAsync($"Waiting for the members of statefulset/{names.StatefulSet}", cancellationToken).ConfigureAwait(false);
        await using (task.ConfigureAwait(false))
        {
            var deadline = DateTimeOffset.UtcNow + settings.MembersReadyTimeout;
            string? last = null;
            while (true)
            {
                var rollout = await kubectl.GetRolloutAsync(names.Namespace, names.StatefulSet, cancellationToken).ConfigureAwait(false);
                var text = rollout is null
                    ? $"statefulset/{names.StatefulSet} not found in namespace {names.Namespace} yet"
                    : $"{rollout.Ready} of {rollout.Desired} members ready ({rollout.Updated} updated)";
                if (text != last)
                {
                    logger.LogInformation("{Progress}", text);
                    await task.UpdateStatusAsync(text, cancellationToken).ConfigureAwait(false);
                    last = text;
                }

                if (rollout is { Complete: true })
                {
                    await task.SucceedAsync($"{rollout.Ready} of {rollout.Desired} members ready", cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (DateTimeOffset.UtcNow >= deadline)
                {
                    var message = $"The members of statefulset/{names.StatefulSet} were not all ready after {settings.MembersReadyTimeout.TotalMinutes:0.#} minutes ({text}). " +
                        $"See `kubectl get pods --namespace {names.Namespace}` and `kubectl logs {names.StatefulSet}-0 --namespace {names.Namespace}`.";
                    await task.FailAsync(message, cancellationToken).ConfigureAwait(false);
                    throw new MigratoryDataDeployException(message);
                }

                await Task.Delay(settings.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The client endpoint and how to reach member telemetry, for the pipeline summary.</summary>
    public async Task<IReadOnlyList<(string Key, string Value)>> SummarizeAsync(CancellationToken cancellationToken)
    {
        var kubectl = await KubectlAsync(cancellationToken).ConfigureAwait(false);
        var address = await kubectl.GetLoadBalancerAddressAsync(names.Namespace, names.ClientService, cancellationToken).ConfigureAwait(false);
        var port = options.Kubernetes.ServicePort;
        var url = address is null ? null : port == 80 ? $"http://{address}/" : $"http://{address}:{port}/";
        return
        [
            ("azd environment", $"{settings.EnvironmentName} (in {settings.ProjectDirectory})"),
            ("Client endpoint", url is null
                ? $"the LoadBalancer {names.ClientService} has no external address yet: `kubectl get service {names.ClientService} --namespace {names.Namespace} --watch`"
                : $"{url} (the welcome page; its Debug Console menu publishes and consumes messages)"),
            ("Member telemetry", $"each member serves Prometheus metrics on port {options.MetricsPort}: `kubectl port-forward {names.StatefulSet}-0 {options.MetricsPort} --namespace {names.Namespace}`, " +
                $"then http://localhost:{options.MetricsPort}/metrics with MonitorUsername '{options.MonitorUsername}' and the {ClusterSecret.MonitorPassword.AzdVariable} of the azd environment" +
                (options.Kubernetes.ManagedPrometheus ? "; Azure Monitor managed Prometheus scrapes them with the same credentials (docs/telemetry.md)" : "")),
            .. options.Kubernetes.Telemetry
                ? [("Dashboard", $"`{TelemetryManifestMapper.PortForwardCommand(names)}`, then http://localhost:{TelemetryManifestMapper.DashboardFrontendPort} " +
                    $"with the token from `azd env get-value {ClusterSecret.DashboardToken.AzdVariable}`")]
                : Array.Empty<(string, string)>(),
        ];
    }

    /// <summary>
    /// Whether there is anything to destroy, and what: the azd environment's resource group and cluster. Null when the
    /// folder holds no azd project or no such environment.
    /// </summary>
    public async Task<(string ResourceGroup, string Cluster)?> FindDeploymentAsync(CancellationToken cancellationToken)
    {
        if (!HasEnvironmentFolder()
            || !(await _azd.ListEnvironmentsAsync(cancellationToken).ConfigureAwait(false)).Contains(settings.EnvironmentName, StringComparer.Ordinal))
        {
            return null;
        }

        var values = await _azd.GetValuesAsync(settings.EnvironmentName, cancellationToken).ConfigureAwait(false);
        return (values.GetValueOrDefault("AZURE_RESOURCE_GROUP") ?? $"rg-{settings.EnvironmentName}",
                values.GetValueOrDefault("AZURE_AKS_CLUSTER_NAME") ?? "(not provisioned)");
    }

    /// <summary>True when the folder is an azd project with this environment (<c>azure.yaml</c>, <c>.azure/&lt;name&gt;/</c>):
    /// answerable without azd, so destroying a never-deployed environment needs no tools.</summary>
    public bool HasEnvironmentFolder() =>
        File.Exists(Path.Combine(settings.ProjectDirectory, "azure.yaml"))
        && Directory.Exists(settings.EnvironmentDirectory);

    /// <summary>Deletes the environment's Azure resources with <c>azd down --force --purge</c>. Call only after the user confirmed.</summary>
    public Task DownAsync(IReportingStep step, CancellationToken cancellationToken) =>
        RunTaskAsync(step, $"Deleting azd environment '{settings.EnvironmentName}' from Azure (azd down)", "Deleted",
            () => _azd.DownAsync(settings.EnvironmentName, cancellationToken), cancellationToken);

    private async Task<KubectlCli> KubectlAsync(CancellationToken cancellationToken)
    {
        var values = await _azd.GetValuesAsync(settings.EnvironmentName, cancellationToken).ConfigureAwait(false);
        return new KubectlCli(tools, settings.ProjectDirectory, values.GetValueOrDefault("AZURE_AKS_CLUSTER_NAME"), logger);
    }

    private static async Task RunTaskAsync(IReportingStep step, string title, string done, Func<Task> action, CancellationToken cancellationToken)
    {
        var task = await step.CreateTaskAsync(title, cancellationToken).ConfigureAwait(false);
        await using (task.ConfigureAwait(false))
        {
            try
            {
                await action().ConfigureAwait(false);
            }
            catch (MigratoryDataDeployException e)
            {
                // The first line only: the step's error shows the whole message (with the command's error output) once.
                await task.FailAsync(e.Message.Split('\n')[0].TrimEnd(), cancellationToken).ConfigureAwait(false);
                throw;
            }

            await task.SucceedAsync(done, cancellationToken).ConfigureAwait(false);
        }
    }

    private (string? Value, bool FromEnvironment) Pick(IReadOnlyDictionary<string, string> values, string key, string? configured, string configurationKey)
    {
        if (values.TryGetValue(key, out var value) && value.Length > 0)
        {
            if (configured is not null && !string.Equals(configured, value, StringComparison.OrdinalIgnoreCase))
            {
                logger.LogWarning("azd environment '{Environment}' already has {Key}={Value}; {ConfigurationKey}={Configured} is ignored (move an environment by creating a new one).",
                    settings.EnvironmentName, key, value, configurationKey, configured);
            }

            return (value, true);
        }

        return (configured, false);
    }
}
