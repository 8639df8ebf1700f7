using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.Tests.Model;

/// <summary>The With… API: every setting in code, in any order, validated once at start.</summary>
public class BuilderExtensionsTests
{
    private static IDistributedApplicationBuilder NewBuilder(params string[] args) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = true });

    private static string[] MemberNames(IDistributedApplicationBuilder builder) =>
        builder.Resources.OfType<MigratoryDataMemberResource>().Select(m => m.Name).ToArray();

    [Fact]
    public void With_methods_set_every_setting_and_members_follow_the_shape_in_any_order()
    {
        var builder = NewBuilder();
        var cluster = builder.AddMigratoryDataCluster("md")
            .WithReplicas(6).WithMaxReplicas(7).WithMinAvailable(5).WithSeedMemberCount(5)
            .WithDeliveryMode(DeliveryMode.Guaranteed).WithMemory("512MB").WithLogLevel("DEBUG").WithConnectionOffload(false)
            .WithImage("local/standin", "t1").WithServerParameter("Entitlement", "None")
            .WithJavaGcLogOptions(null).WithJavaGcOptions("-XX:+UseG1GC").WithJavaExtraOptions("-Xss1m")
            .WithClientPort(8080).WithClusterPort(9801).WithMetricsPort(9988).WithMonitorUsername("ops").WithNamespace("realtime");

        var o = cluster.Resource.Options;
        Assert.Equal((6, 7, 5, 5), (o.Replicas, o.MaxReplicas, o.MinAvailable, o.SeedMemberCount));
        Assert.Equal(("512MB", "DEBUG", false, "None"), (o.Memory, o.LogLevel, o.ConnectionOffload, o.ExtraOptions["Entitlement"]));
        Assert.Equal((null, "-XX:+UseG1GC", "-Xss1m"), (o.JavaGcLogOptions, o.JavaGcOptions, o.JavaExtraOptions));
        Assert.Equal(("ops", "realtime"), (o.MonitorUsername, o.Namespace));
        Assert.Empty(MigratoryDataClusterOptionsValidator.Validate("md", o).Errors);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"md-{i}"), MemberNames(builder));
        foreach (var member in cluster.Resource.Members)
        {
            Assert.Equal(member.Ordinal >= 6, member.Annotations.OfType<ExplicitStartupAnnotation>().Any());
            var image = member.Annotations.OfType<ContainerImageAnnotation>().Single();
            Assert.Equal(("local/standin", "t1"), (image.Image, image.Tag));
            var ports = member.Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name, e => e.TargetPort);
            Assert.Equal((8080, 9988, 9801, 9804), (ports["client"], ports["metrics"], ports["cluster1"], ports["cluster4"]));
        }
    }

    [Fact]
    public void Lowering_MaxReplicas_removes_the_members_beyond_it()
    {
        var builder = NewBuilder();
        builder.AddMigratoryDataCluster("md").WithMaxReplicas(3);

        Assert.Equal(["md-0", "md-1", "md-2"], MemberNames(builder));
    }

    [Fact]
    public void Code_applies_after_configuration()
    {
        var builder = NewBuilder("MigratoryData:Replicas=4", "MigratoryData:LogLevel=WARN");
        var cluster = builder.AddMigratoryDataCluster("md", o => o.LogLevel = "ERROR");

        Assert.Equal((4, "ERROR"), (cluster.Resource.Options.Replicas, cluster.Resource.Options.LogLevel));
    }

    [Fact]
    public async Task Invalid_settings_made_in_code_stop_the_start_with_every_error()
    {
        // Publish mode runs the same start-up checks without needing a container engine; nothing is written
        // because validation comes first.
        var output = Directory.CreateTempSubdirectory().FullName;
        var builder = NewBuilder("--operation", "publish", "--step", "publish-prereq", "--output-path", output);
        builder.AddMigratoryDataCluster("md").WithReplicas(6).WithMemory("1 GB");
        await using var app = builder.Build();

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => app.RunAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));

        var ex = Assert.IsType<MigratoryDataConfigurationException>(thrown is AggregateException a ? Assert.Single(a.InnerExceptions) : thrown);
        Assert.Equal(2, ex.Errors.Count);
        Assert.Contains("MigratoryData:Replicas is 6, but it must be between 1 and MaxReplicas (5).", ex.Errors);
    }

    [Fact]
    public async Task A_second_cluster_is_refused_before_anything_is_written()
    {
        var output = Directory.CreateTempSubdirectory().FullName;
        var builder = NewBuilder("--operation", "publish", "--step", "publish", "--output-path", output);
        builder.AddMigratoryDataCluster("md");
        builder.AddMigratoryDataCluster("other");
        await using var app = builder.Build();

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => app.RunAsync());
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
        var ex = Assert.IsType<MigratoryDataConfigurationException>(thrown is AggregateException a ? Assert.Single(a.InnerExceptions) : thrown);
        Assert.StartsWith("The MigratoryData cluster 'other'", ex.Message);
        var error = Assert.Single(ex.Errors);
        Assert.Contains("AddMigratoryDataCluster(\"other\") adds a second MigratoryData cluster", error);
        Assert.Contains("'md' already takes the MigratoryData settings", error);
    }
}
