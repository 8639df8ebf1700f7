// Aspire 13.6 marks its pipeline API (steps, output service) experimental; on an upgrade, look here first.
#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004

using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.Hosting;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing;
using MigratoryAspire.AppHost.Publishing.Azd;
using MigratoryAspire.AppHost.Publishing.Kubernetes;

namespace Aspire.Hosting;

/// <summary>Adds the cluster's publish step to the Aspire pipeline.</summary>
internal static class PublishingBuilderExtensions
{
    /// <summary>
    /// Adds the pipeline step <c>publish-{cluster}</c>, which runs after <c>publish-prereq</c> and before <c>publish</c> and
    /// writes the azd project and Kubernetes manifests into the pipeline's output folder (<c>--output-path</c>).
    /// </summary>
    /// <param name="builder">The cluster.</param>
    /// <returns>The same builder.</returns>
    internal static IResourceBuilder<MigratoryDataClusterResource> WithPublishingSteps(this IResourceBuilder<MigratoryDataClusterResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var cluster = builder.Resource;

        if (builder.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            // Loading and compiling the Kubernetes serializers is most of what publishing costs; do it on another core
            // while Aspire boots, so the step itself only renders. Default settings, not the cluster's: those may still
            // change (With… calls) while this runs. The result is thrown away; real failures surface in the step.
            var name = cluster.Name;
            _ = Task.Run(() =>
            {
                try
                {
                    var defaults = new MigratoryDataClusterOptions();
                    MigratoryDataPublisher.Render(defaults, defaults.ToTopology(name), new MonitorProjectLocation("..", ".."));
                }
                catch (Exception)
                {
                }
            });
        }

        // The factories also run in run mode (steps are collected before start), so they only describe the steps.
        builder.WithAnnotation(new PipelineStepAnnotation(_ =>
        {
            var step = new PipelineStep
            {
                Name = ValidateStepName(cluster.Name),
                Description = $"Reports the settings of the MigratoryData cluster '{cluster.Name}': stops on errors before any step writes, and shows warnings.",
                Resource = cluster,
                Action = context => ValidateAsync(cluster, context),
            };
            // First in every publish, build and deploy pipeline: process-parameters is what they all start with.
            step.RequiredBy(WellKnownPipelineSteps.ProcessParameters);
            return step;
        }));
        return builder.WithAnnotation(new PipelineStepAnnotation(_ =>
        {
            var step = new PipelineStep
            {
                Name = PublishStepName(cluster.Name),
                Description = $"Writes the azd project and Kubernetes manifests of the MigratoryData cluster '{cluster.Name}'.",
                Resource = cluster,
                Action = context => AppHostExit.RunStepAsync(() => PublishAsync(cluster, context), cluster.AppHostAssembly, context.Logger),
            };
            step.DependsOn(ValidateStepName(cluster.Name));
            step.DependsOn(WellKnownPipelineSteps.PublishPrereq);
            step.RequiredBy(WellKnownPipelineSteps.Publish);
            return step;
        }));
    }

    /// <summary>The step that reports the cluster's settings: <c>validate-{cluster}</c>.</summary>
    internal static string ValidateStepName(string cluster) => $"validate-{cluster}";

    /// <summary>The step that writes the cluster's output: <c>publish-{cluster}</c>.</summary>
    internal static string PublishStepName(string cluster) => $"publish-{cluster}";

    private static Task ValidateAsync(MigratoryDataClusterResource cluster, PipelineStepContext context)
    {
        if (cluster.PendingFailure is { } failure)
        {
            AppHostExit.FailStep(failure, cluster.AppHostAssembly, context.Logger);
        }

        foreach (var warning in cluster.PublishWarnings)
        {
            context.Logger.LogWarning("{Warning}", warning);
        }

        return Task.CompletedTask;
    }

    private static Task PublishAsync(MigratoryDataClusterResource cluster, PipelineStepContext context)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        var directory = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
        var monitorProject = Path.GetDirectoryName(new Projects.MigratoryAspire_Monitor().ProjectPath)!;
        OutputChanges changes;
        try
        {
            var files = MigratoryDataPublisher.Render(cluster.Options, cluster.Topology,
                MonitorProjectLocation.Between(Path.GetFullPath(directory), monitorProject),
                cluster.Annotations.OfType<KubernetesObjectsCustomizationAnnotation>().Select(a => a.Configure));
            changes = AtomicOutputWriter.Write(directory, files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigratoryDataException(
                $"Publish could not write to {directory}: {e.Message} The folder is as it was.", MigratoryDataExitCodes.PublishFailed);
        }

        context.Logger.LogInformation(
            "Wrote {Written} files, kept {Unchanged} unchanged and removed {Removed} outdated for cluster '{Cluster}' in {Directory}; files of your own there are kept. Deploy with: cd {Directory} && azd up",
            changes.Written.Count, changes.Unchanged.Count, changes.Removed.Count, cluster.Name, directory, directory);
        foreach (var removed in changes.Removed)
        {
            context.Logger.LogInformation("Removed {File}: publish no longer produces it.", removed);
        }

        return Task.CompletedTask;
    }
}
