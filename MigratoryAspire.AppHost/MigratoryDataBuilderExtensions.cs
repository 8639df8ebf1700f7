using MigratoryAspire.AppHost.Model;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

// STAND-IN until the lead's version lands on main.
/// <summary>Adds a MigratoryData cluster.</summary>
public static class MigratoryDataBuilderExtensions
{
    /// <summary>Adds a MigratoryData cluster bound from the <c>MigratoryData</c> section.</summary>
    public static IResourceBuilder<MigratoryDataClusterResource> AddMigratoryDataCluster(
        this IDistributedApplicationBuilder builder, string name, Action<MigratoryDataClusterOptions>? configure = null)
    {
        var options = new MigratoryDataClusterOptions();
        builder.Configuration.GetSection(MigratoryDataClusterOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var errors = new List<string>();
        KubernetesOptionsValidator.Validate(options.Kubernetes, errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid MigratoryData settings:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }

        return builder.AddResource(new MigratoryDataClusterResource(name, options)).WithPublishingSteps();
    }
}
