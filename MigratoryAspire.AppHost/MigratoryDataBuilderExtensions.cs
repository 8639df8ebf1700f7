using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.LocalRun;
using MigratoryAspire.AppHost.Model;

namespace Aspire.Hosting;

/// <summary>Adds a MigratoryData cluster to an Aspire application and configures it.</summary>
public static class MigratoryDataBuilderExtensions
{
    /// <summary>
    /// Adds a MigratoryData cluster: a parent resource and one container per member slot (MaxReplicas of them, named
    /// <c>{name}-0</c> …), the first Replicas started, the rest started on demand. Settings bind from the
    /// <c>MigratoryData</c> configuration section, then <paramref name="configure"/> applies, then everything is
    /// validated once: invalid settings throw <see cref="MigratoryDataConfigurationException"/> before anything starts
    /// or is written.
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
        var errors = MigratoryDataClusterOptionsBinder.Bind(builder.Configuration, options);
        if (errors.Count > 0)
        {
            throw new MigratoryDataConfigurationException(name, errors);
        }
        configure?.Invoke(options);
        var validation = MigratoryDataClusterOptionsValidator.Validate(name, options);
        if (validation.Errors.Count > 0)
        {
            throw new MigratoryDataConfigurationException(name, validation.Errors);
        }

        var cluster = new MigratoryDataClusterResource(name, options)
        {
            LicenseKey = ConfiguredSecret(builder, $"{name}-license-key"),
            ClusterPassword = ConfiguredSecret(builder, $"{name}-cluster-password"),
            MonitorPassword = ConfiguredSecret(builder, $"{name}-monitor-password")
                // Alphanumeric only: the password travels in a -D item and in the scrape URL's query.
                ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-monitor-password", special: false),
            ValidationWarnings = validation.Warnings,
        };

        var clusterBuilder = builder.AddResource(cluster)
            .WithIconName("ServerMultiple")
            .ExcludeFromManifest()
            .WithClusterState();

        foreach (var member in cluster.Topology.Members)
        {
            builder.AddMigratoryDataMember(clusterBuilder, member);
        }

        // Warnings are logged once, when the AppHost starts or publishes, not when the model is merely built.
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MigratoryAspire.Cluster");
            foreach (var warning in cluster.ValidationWarnings)
            {
                logger.LogWarning("{Warning}", warning);
            }
            return Task.CompletedTask;
        });
        return clusterBuilder;

        static ParameterResource? ConfiguredSecret(IDistributedApplicationBuilder builder, string parameterName) =>
            builder.Configuration[$"Parameters:{parameterName}"] is { Length: > 0 }
                ? builder.AddParameter(parameterName, secret: true).Resource
                : null;
    }

    /// <summary>Sets the server's LicenseKey from a secret parameter (otherwise the key built into the image applies).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithLicenseKey(
        this IResourceBuilder<MigratoryDataClusterResource> builder, IResourceBuilder<ParameterResource> licenseKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(licenseKey);
        builder.Resource.LicenseKey = licenseKey.Resource;
        return builder;
    }

    /// <summary>Sets the ClusterPassword the members share from a secret parameter.</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithClusterPassword(
        this IResourceBuilder<MigratoryDataClusterResource> builder, IResourceBuilder<ParameterResource> password)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(password);
        builder.Resource.ClusterPassword = password.Resource;
        return builder;
    }

    /// <summary>Sets the MonitorPassword of the Prometheus endpoint from a secret parameter (otherwise one is generated).</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> WithMonitorPassword(
        this IResourceBuilder<MigratoryDataClusterResource> builder, IResourceBuilder<ParameterResource> password)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(password);
        builder.Resource.MonitorPassword = password.Resource;
        return builder;
    }
}
