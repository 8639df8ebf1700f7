using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.LocalRun;
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
    /// written: invalid settings stop it with a <see cref="MigratoryDataConfigurationException"/> that lists them all.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The cluster name: the prefix of member names and the StatefulSet name when published.</param>
    /// <param name="configure">Changes settings in code, after configuration is read.</param>
    /// <returns>A builder for the cluster resource.</returns>
    /// <remarks>
    /// Secret parameters are picked up by name when configured: <c>Parameters:{name}-license-key</c>,
    /// <c>Parameters:{name}-cluster-password</c> and <c>Parameters:{name}-monitor-password</c> (generated when absent).
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

        var cluster = new MigratoryDataClusterResource(name, options)
        {
            ConfigurationErrors = configurationErrors,
            LicenseKey = ConfiguredSecret(builder, $"{name}-license-key"),
            ClusterPassword = ConfiguredSecret(builder, $"{name}-cluster-password"),
            MonitorPassword = ConfiguredSecret(builder, $"{name}-monitor-password")
                // Alphanumeric only: the password travels in a -D item and in the scrape URL's query.
                ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-monitor-password", special: false),
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
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            ValidateOnce(cluster, e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MigratoryAspire.Cluster"));
            return Task.CompletedTask;
        });
        return clusterBuilder;

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

    private static void ValidateOnce(MigratoryDataClusterResource cluster, ILogger logger)
    {
        var result = MigratoryDataClusterOptionsValidator.Validate(cluster.Name, cluster.Options);
        var errors = cluster.ConfigurationErrors.Concat(result.Errors).ToArray();
        if (errors.Length > 0)
        {
            var exception = new MigratoryDataConfigurationException(cluster.Name, errors);
            // Said plainly first: the host wraps what a BeforeStartEvent handler throws in an AggregateException.
            logger.LogCritical("{Message}", exception.Message);
            throw exception;
        }
        foreach (var warning in result.Warnings)
        {
            logger.LogWarning("{Warning}", warning);
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
