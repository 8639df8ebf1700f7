// Aspire 13.6 marks these APIs experimental (pipeline steps, interaction, …); on an upgrade, look here first.
#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004

using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MigratoryAspire.AppHost.Deploy;
using MigratoryAspire.AppHost.Hosting;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing.Kubernetes;

namespace Aspire.Hosting;

/// <summary>Adds the cluster's <c>aspire deploy</c> and <c>aspire destroy</c> steps to the Aspire pipeline.</summary>
internal static class DeployBuilderExtensions
{
    /// <summary>
    /// Adds the deploy steps, which drive azd in the published folder, in this order:
    /// <c>check-deploy-prereqs-{cluster}</c> (settings, azd and kubectl on PATH, azd login) →
    /// <c>publish-{cluster}</c> (the publish step, into <c>-o</c>) → <c>azd-env-{cluster}</c> (azd environment named
    /// after <c>-e</c>, created when missing) → <c>azd-provision-{cluster}</c> → <c>azd-deploy-{cluster}</c> →
    /// <c>wait-members-{cluster}</c> → <c>print-{cluster}-summary</c> → <c>deploy</c>; and the destroy step
    /// <c>destroy-{cluster}</c> (Aspire's confirmation or <c>--yes</c>, then <c>azd down --force --purge</c>).
    /// </summary>
    /// <param name="builder">The cluster.</param>
    /// <returns>The same builder.</returns>
    internal static IResourceBuilder<MigratoryDataClusterResource> WithDeploySteps(this IResourceBuilder<MigratoryDataClusterResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var cluster = builder.Resource;
        var n = cluster.Name;
        var check = $"check-deploy-prereqs-{n}";
        var environment = $"azd-env-{n}";
        var provision = $"azd-provision-{n}";
        var apply = $"azd-deploy-{n}";
        var members = $"wait-members-{n}";
        var summary = $"print-{n}-summary";
        var publish = PublishingBuilderExtensions.PublishStepName(n);
        builder.RefuseAzdManifest();

        return builder.WithAnnotation(new PipelineStepAnnotation(_ =>
        {
            PipelineStep Step(string name, string description, Func<AzdDeployment, PipelineStepContext, Task> action, string requiredBy, params string[] dependsOn)
            {
                var step = new PipelineStep
                {
                    Name = name,
                    Description = description,
                    Resource = cluster,
                    Action = context => AppHostExit.RunStepAsync(() => action(Create(cluster, context), context), cluster.AppHostAssembly, context.Logger),
                };
                foreach (var dependency in dependsOn)
                {
                    step.DependsOn(dependency);
                }

                step.RequiredBy(requiredBy);
                return step;
            }

            const string Deploy = WellKnownPipelineSteps.Deploy;

            return new List<PipelineStep>
            {
                Step(check, "Validates the deploy settings, finds azd and kubectl on PATH and checks the azd login.",
                    (d, c) => d.CheckPrerequisitesAsync(c.ReportingStep, needKubectl: true, c.CancellationToken), Deploy, WellKnownPipelineSteps.DeployPrereq),
                Step(environment, "Selects or creates the azd environment named after the Aspire environment.",
                    (d, c) => d.EnsureEnvironmentAsync(c.ReportingStep, c.CancellationToken), Deploy, check, publish),
                Step(provision, "Creates or updates the resource group and AKS cluster (azd provision).",
                    (d, c) => d.ProvisionAsync(c.ReportingStep, c.CancellationToken), Deploy, environment),
                Step(apply, "Applies the manifests; the post-deploy hook prunes objects that left the model (azd deploy).",
                    (d, c) => d.ApplyAsync(c.ReportingStep, c.CancellationToken), Deploy, provision),
                Step(members, "Waits until every member of the StatefulSet is ready.",
                    (d, c) => d.WaitForMembersAsync(c.ReportingStep, c.CancellationToken), Deploy, apply),
                Step(summary, "Prints the client endpoint and how to reach member telemetry.", PrintSummaryAsync, Deploy, members),
                Step($"destroy-{n}", "Confirms, then deletes the azd environment's Azure resources (azd down --force --purge).",
                    DestroyAsync, WellKnownPipelineSteps.Destroy, WellKnownPipelineSteps.DestroyPrereq),
            };
        })).WithPipelineConfiguration(context =>
        {
            // Nothing may change before the tools are checked, the output folder included: under `aspire deploy` the
            // publish step waits for the check. `aspire publish` runs it alone and needs neither azd nor kubectl.
            var step = context.Services.GetRequiredService<IOptions<PipelineOptions>>().Value.Step;
            if (step is WellKnownPipelineSteps.Deploy || (step?.StartsWith("azd-", StringComparison.Ordinal) ?? false)
                || step == members || step == summary)
            {
                foreach (var publishStep in context.Steps.Where(s => s.Name == publish))
                {
                    publishStep.DependsOn(check);
                }
            }
        });
    }

    /// <summary>
    /// azd's own Aspire support (<c>azd init</c> / <c>azd up</c> next to the AppHost) asks for Aspire's manifest
    /// (<c>--publisher manifest</c>) and deploys what it lists to Container Apps. The manifest cannot describe this
    /// cluster, so it would hold nothing but a parameter and azd would deploy nothing; stop with the way that works instead.
    /// </summary>
    private static void RefuseAzdManifest(this IResourceBuilder<MigratoryDataClusterResource> builder)
    {
        var app = builder.ApplicationBuilder;
        if (!string.Equals(app.Configuration["Publishing:Publisher"], "manifest", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        app.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            var exception = new MigratoryDataDeployException(
                $"The MigratoryData cluster '{builder.Resource.Name}' cannot be described by Aspire's manifest (--publisher manifest), which is what " +
                "azd reads when it runs next to the AppHost: azd would deploy nothing. Deploy with `aspire deploy` (e.g. `aspire deploy -o deploy`), " +
                "or publish and run azd in the published folder: `cd deploy && azd up`. See README.md, Publish and deploy.");
            AppHostExit.Fail(exception, builder.ApplicationBuilder.AppHostAssembly);
            return Task.CompletedTask;
        });
    }

    private static AzdDeployment Create(MigratoryDataClusterResource cluster, PipelineStepContext context)
    {
        var services = context.Services;
        var settings = AzdDeploySettings.From(
            services.GetRequiredService<IConfiguration>(),
            services.GetRequiredService<IHostEnvironment>().EnvironmentName,
            services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory());
        var names = new KubernetesNames(cluster.Name, cluster.Options.Namespace);
        return new AzdDeployment(settings, names, cluster.Options, new ToolRunner(), context.Logger);
    }

    private static async Task PrintSummaryAsync(AzdDeployment deployment, PipelineStepContext context)
    {
        foreach (var (key, value) in await deployment.SummarizeAsync(context.CancellationToken).ConfigureAwait(false))
        {
            context.Logger.LogInformation("{Key}: {Value}", key, value);
            context.Summary.Add(key, value);
        }
    }

    private static async Task DestroyAsync(AzdDeployment deployment, PipelineStepContext context)
    {
        var settings = deployment.Settings;
        var ct = context.CancellationToken;
        (string ResourceGroup, string Cluster)? found = null;
        if (deployment.HasEnvironmentFolder())
        {
            await deployment.CheckPrerequisitesAsync(context.ReportingStep, needKubectl: false, ct, operation: "destroy").ConfigureAwait(false);
            found = await deployment.FindDeploymentAsync(ct).ConfigureAwait(false);
        }

        if (found is null)
        {
            await context.ReportingStep.CompleteAsync(
                $"No azd environment '{settings.EnvironmentName}' in {settings.ProjectDirectory}: nothing to destroy. " +
                "Pass the folder you deployed from with -o and the environment with -e.",
                CompletionState.Completed, ct).ConfigureAwait(false);
            return;
        }

        var (resourceGroup, clusterName) = found.Value;
        await ConfirmAsync(context,
            $"Delete azd environment '{settings.EnvironmentName}' from Azure: resource group {resourceGroup} with AKS cluster {clusterName} " +
            "and the MigratoryData cluster on it? This cannot be undone.").ConfigureAwait(false);
        await deployment.DownAsync(context.ReportingStep, ct).ConfigureAwait(false);
        var removed = $"resource group {resourceGroup} (AKS cluster {clusterName} and everything in it), soft-deleted resources purged";
        context.Logger.LogInformation("Removed {Removed} for azd environment '{Environment}'", removed, settings.EnvironmentName);
        context.Summary.Add("Removed", removed);
        context.Summary.Add("azd environment", $"{settings.EnvironmentName} (its settings stay in {settings.EnvironmentDirectory})");
    }

    /// <summary>Aspire's destroy confirmation: a prompt, or <c>--yes</c>; without either in a non-interactive run, an error.</summary>
    private static async Task ConfirmAsync(PipelineStepContext context, string message)
    {
        if (context.Services.GetRequiredService<IOptions<PipelineOptions>>().Value.SkipConfirmation)
        {
            return;
        }

        var interaction = context.Services.GetRequiredService<IInteractionService>();
        if (!interaction.IsAvailable)
        {
            throw new MigratoryDataDeployException("Destroying needs a confirmation: run `aspire destroy` interactively, or add --yes.");
        }

        var result = await interaction.PromptNotificationAsync("Destroy environment", message, new NotificationInteractionOptions
        {
            Intent = MessageIntent.Confirmation,
            ShowSecondaryButton = true,
            ShowDismiss = false,
            PrimaryButtonText = "Destroy",
            SecondaryButtonText = "Cancel",
        }, context.CancellationToken).ConfigureAwait(false);
        if (result.Canceled || !result.Data)
        {
            throw new OperationCanceledException("Destroy canceled: nothing was deleted.");
        }
    }
}
