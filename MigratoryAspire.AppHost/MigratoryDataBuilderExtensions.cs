using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.LocalRun;
using MigratoryAspire.AppHost.Hosting;
using MigratoryAspire.AppHost.Model;

namespace Aspire.Hosting;

/// <summary>Adds a MigratoryData cluster to an Aspire application and configures it.</summary>
public static partial class MigratoryDataBuilderExtensions
{
    /// <summary>
    /// Adds a MigratoryData cluster: a parent resource and one container per member slot (MaxReplicas of them, named
    /// <c>{name}-0</c> …), the first Replicas started, the rest started on demand. Settings bind from the
    /// <c>MigratoryData</c> configuration section, then <paramref name="configure"/> and the <c>With…</c> methods
    /// change them. They are validated once, when the AppHost starts or publishes, before anything starts or is
    /// written: invalid settings end the AppHost with exit code 2 and one line per problem, with no stack trace (inside a
    /// test host they throw a <see cref="MigratoryDataConfigurationException"/> that lists them all instead).
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The cluster name: the prefix of member names and the StatefulSet name when published.</param>
    /// <param name="configure">Changes settings in code, after configuration is read.</param>
    /// <returns>A builder for the cluster resource.</returns>
    /// <remarks>
    /// Secret parameters are picked up by name when configured: <c>Parameters:{name}-license-key</c>,
    /// <c>Parameters:{name}-cluster-password</c> and <c>Parameters:{name}-monitor-password</c> (generated when absent).
    /// They serve the local run only: in publish mode none is created, and secret parameters given to
    /// <c>WithLicenseKey</c>, <c>WithClusterPassword</c> or <c>WithMonitorPassword</c> are taken out of the model, so a
    /// publish never asks for, reads or saves a secret value.
    /// </remarks>
    public static IResourceBuilder<MigratoryDataClusterResource> AddMigratoryDataCluster(
        this IDistributedApplicationBuilder builder,
        [ResourceName] string name,
        Action<MigratoryDataClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var options = new MigratoryDataClusterOptions();
        var configurationErrors = MigratoryDataClusterOptionsBinder.Bind(builder.Configuration, options);
        configure?.Invoke(options);
        if (builder.Resources.OfType<MigratoryDataClusterResource>().FirstOrDefault() is { } first)
        {
            // Reported with the settings errors, so it stops the AppHost as cleanly as they do.
            configurationErrors = [.. configurationErrors, SecondClusterError(first.Name, name)];
        }

        // Publish writes no secret value and needs none, so in publish mode no secret parameter exists: nothing to
        // prompt for, and nothing for Aspire's process-parameters step to save to its deployment state.
        var run = builder.ExecutionContext.IsRunMode;
        var cluster = new MigratoryDataClusterResource(name, options)
        {
            ConfigurationErrors = configurationErrors,
            AppHostAssembly = builder.AppHostAssembly,
            LicenseKey = run ? ConfiguredSecret(builder, $"{name}-license-key") : null,
            ClusterPassword = run ? ConfiguredSecret(builder, $"{name}-cluster-password") : null,
            MonitorPassword = run
                ? ConfiguredSecret(builder, $"{name}-monitor-password") ?? GeneratedMonitorPassword(builder, $"{name}-monitor-password")
                : null,
        };

        var clusterBuilder = builder.AddResource(cluster)
            .WithIconName("ServerMultiple")
            .ExcludeFromManifest()
            .WithClusterState()
            .WithClusterCommands()
            .WithPublishingSteps()
            .WithDeploySteps();
        clusterBuilder.SyncMembers();

        // BeforeStartEvent is raised in run and publish mode alike, before containers start or publish steps write.
        var appHostAssembly = cluster.AppHostAssembly;
        builder.Eventing.Subscribe<BeforeStartEvent>(async (e, cancellationToken) =>
        {
            var publishMode = e.Services.GetRequiredService<DistributedApplicationExecutionContext>().IsPublishMode;
            if (publishMode)
            {
                DropSecretParameters(cluster, e.Model);
            }

            var result = MigratoryDataClusterOptionsValidator.Validate(cluster.Name, cluster.Options);
            var errors = cluster.ConfigurationErrors.Concat(result.Errors).ToArray();
            if (errors.Length > 0)
            {
                var failure = new MigratoryDataConfigurationException(cluster.Name, errors);
                if (publishMode && AppHostExit.IsDrivenByAspireCli)
                {
                    // The CLI connects only after this event; ending now would show its "unexpected error" framing.
                    // The validate step fails first thing in the pipeline instead, before any step writes.
                    cluster.PendingFailure = failure;
                    return;
                }

                AppHostExit.Fail(failure, appHostAssembly);
            }

            if (publishMode)
            {
                // The validate step logs them: the Aspire CLI shows a step's log lines, not the AppHost's own log.
                cluster.PublishWarnings = result.Warnings;
                await PublishParameterCheck.EnsureValuesAsync(e.Model, appHostAssembly, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MigratoryAspire.Cluster");
                foreach (var warning in result.Warnings)
                {
                    logger.LogWarning("{Warning}", warning);
                }

                TerminalWarnings.Write(result.Warnings);
            }
        });
        return clusterBuilder;

        // Alphanumeric only: the password travels in a -D item and in the scrape URL's query. Aspire keeps a generated
        // value in the user's secrets, but only the Development environment reads them: elsewhere the kept password
        // would be invisible and overwritten by a new one, so there the password lives for one run only.
        static ParameterResource GeneratedMonitorPassword(IDistributedApplicationBuilder builder, string parameterName) =>
            builder.Environment.IsDevelopment()
                ? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, parameterName, special: false)
                : new ParameterResource(parameterName, generated => generated!.GetDefaultValue(), secret: true)
                {
                    Default = new GenerateParameterDefault { MinLength = 22, Special = false },
                };

        static ParameterResource? ConfiguredSecret(IDistributedApplicationBuilder builder, string parameterName) =>
            builder.Configuration[$"Parameters:{parameterName}"] is { Length: > 0 }
                ? builder.AddParameter(parameterName, secret: true).Resource
                : null;
    }

    /// <summary>
    /// One AppHost runs one MigratoryData cluster: its settings come from the one <c>MigratoryData</c> section and it
    /// owns the one publish output (azure.yaml, the AKS cluster, the namespace), so a second cluster would silently share
    /// both.
    /// </summary>
    internal static string SecondClusterError(string firstCluster, string secondCluster) =>
        $"AddMigratoryDataCluster(\"{secondCluster}\") adds a second MigratoryData cluster, but an AppHost runs one: " +
        $"'{firstCluster}' already takes the {MigratoryDataClusterOptions.SectionName} settings and the publish output. " +
        "Run another cluster from its own AppHost (or use the replicas of this one).";

    /// <summary>
    /// Publish mode: takes the cluster's secret parameters (e.g. one passed to <c>WithLicenseKey</c>) out of the model.
    /// The publisher only writes references to azd variables, so their values are never needed; left in, Aspire would
    /// wait for a value nobody is asked for, and save the ones it finds to its deployment state in plain text.
    /// </summary>
    private static void DropSecretParameters(MigratoryDataClusterResource cluster, DistributedApplicationModel model)
    {
        foreach (var parameter in new[] { cluster.LicenseKey, cluster.ClusterPassword, cluster.MonitorPassword })
        {
            if (parameter is not null)
            {
                model.Resources.Remove(parameter);
            }
        }
    }

    /// <summary>Applies a change to the settings and brings the member resources in line with it.</summary>
    private static IResourceBuilder<MigratoryDataClusterResource> Change(
        this IResourceBuilder<MigratoryDataClusterResource> builder, Action<MigratoryDataClusterOptions> change)
    {
        ArgumentNullException.ThrowIfNull(builder);
        change(builder.Resource.Options);
        builder.SyncMembers();
        return builder;
    }
}
