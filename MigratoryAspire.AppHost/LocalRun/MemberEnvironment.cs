using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.AppHost.Model;

namespace MigratoryAspire.AppHost.LocalRun;

/// <summary>The environment a member container gets locally: the same server options the publisher emits.</summary>
internal static class MemberEnvironment
{
    /// <summary>
    /// Sets MIGRATORYDATA_EXTRA_OPTS to the shared items plus this member's ClusterMemberListen and ClusterMembers in
    /// local names (members resolve each other by resource name on the container network), then the secrets as
    /// parameter references, so their values are resolved at start and never written into the model.
    /// </summary>
    internal static IResourceBuilder<MigratoryDataMemberResource> WithMemberEnvironment(this IResourceBuilder<MigratoryDataMemberResource> builder)
    {
        var member = builder.Resource;
        var cluster = member.Cluster;
        var options = cluster.Options;

        builder.WithEnvironment(context =>
        {
            context.EnvironmentVariables[ServerParameters.EnvironmentVariable] = ExtraOptionsExpression(member);
            foreach (var (variable, value) in JavaOptionVariables.Of(options))
            {
                context.EnvironmentVariables[variable] = value;
            }
        });
        return builder;
    }

    /// <summary>The member's full MIGRATORYDATA_EXTRA_OPTS, with secrets as references.</summary>
    internal static ReferenceExpression ExtraOptionsExpression(MigratoryDataMemberResource member)
    {
        var cluster = member.Cluster;
        var plain = ServerParameters.Format(
            ServerParameters.BaseItems(cluster.Options).Concat(ServerParameters.MemberItems(cluster.Topology, member.Ordinal)));

        var expression = new ReferenceExpressionBuilder();
        expression.AppendLiteral(plain);
        AppendSecret(expression, "LicenseKey", cluster.LicenseKey);
        AppendSecret(expression, "ClusterPassword", cluster.ClusterPassword);
        AppendSecret(expression, "MonitorPassword", cluster.MonitorPassword);
        return expression.Build();

        static void AppendSecret(ReferenceExpressionBuilder expression, string parameter, ParameterResource? secret)
        {
            if (secret is not null)
            {
                expression.AppendLiteral($" -D{parameter}=");
                expression.AppendFormatted(secret);
            }
        }
    }
}
