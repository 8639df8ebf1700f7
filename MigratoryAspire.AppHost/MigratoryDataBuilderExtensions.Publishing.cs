using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing.Kubernetes;

namespace Aspire.Hosting;

public static partial class MigratoryDataBuilderExtensions
{
    /// <summary>
    /// Changes the Kubernetes objects that publish writes for the cluster, for what no setting covers: the callback gets
    /// the mapped objects (<see cref="MigratoryDataKubernetesObjects"/>, typed <c>k8s.Models</c>) before they are written
    /// and may change them or add objects. Callbacks run in the order added, on every publish (and <c>aspire deploy</c>),
    /// never in the local run. What they leave is checked before anything is written: an object without a name or kind,
    /// in another namespace than <c>MigratoryData:Namespace</c>, or a StatefulSet whose selector no longer matches its
    /// pods or that no longer names the headless service stops the publish with exit code 2, naming each problem.
    /// </summary>
    /// <param name="builder">The cluster.</param>
    /// <param name="configure">Changes the objects.</param>
    /// <returns>The same builder.</returns>
    /// <example>
    /// <code>
    /// cluster.PublishAsKubernetesObjects(o => o.StatefulSet.Spec.Template.Spec.NodeSelector =
    ///     new Dictionary&lt;string, string&gt; { ["agentpool"] = "realtime" });
    /// </code>
    /// </example>
    public static IResourceBuilder<MigratoryDataClusterResource> PublishAsKubernetesObjects(
        this IResourceBuilder<MigratoryDataClusterResource> builder, Action<MigratoryDataKubernetesObjects> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.WithAnnotation(new KubernetesObjectsCustomizationAnnotation(configure), ResourceAnnotationMutationBehavior.Append);
    }
}
