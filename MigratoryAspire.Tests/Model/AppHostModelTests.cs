using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MigratoryAspire.AppHost.Model;

namespace MigratoryAspire.Tests.Model;

/// <summary>The AppHost's model as Aspire builds it, without starting anything (no Docker needed).</summary>
public class AppHostModelTests
{
    private static async Task<DistributedApplicationModel> BuildModelAsync(params string[] args)
    {
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MigratoryAspire_AppHost>(args);
        var app = await appHost.BuildAsync();
        return app.Services.GetRequiredService<DistributedApplicationModel>();
    }

    private static async Task<Dictionary<string, string>> RunEnvironmentAsync(IResource resource)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), NullLogger.Instance);
        return configuration.EnvironmentVariables.ToDictionary();
    }

    private static MigratoryDataClusterResource Cluster(DistributedApplicationModel model) =>
        model.Resources.OfType<MigratoryDataClusterResource>().Single();

    [Fact]
    public async Task The_cluster_declares_a_member_per_slot_named_like_its_pod()
    {
        var model = await BuildModelAsync();

        var members = model.Resources.OfType<MigratoryDataMemberResource>().Select(m => m.Name);
        Assert.Equal(["migratorydata-0", "migratorydata-1", "migratorydata-2", "migratorydata-3", "migratorydata-4"], members);
        Assert.Equal("migratorydata", Cluster(model).Name);
    }

    [Fact]
    public async Task Members_are_children_of_the_cluster()
    {
        var model = await BuildModelAsync();
        var cluster = Cluster(model);

        foreach (var member in cluster.Members)
        {
            var parent = Assert.Single(member.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Type == "Parent");
            Assert.Same(cluster, parent.Resource);
        }
    }

    [Fact]
    public async Task Members_beyond_replicas_wait_for_an_explicit_start()
    {
        var model = await BuildModelAsync("MigratoryData:Replicas=4");

        var explicitStart = Cluster(model).Members.Select(m => m.Annotations.OfType<ExplicitStartupAnnotation>().Any());
        Assert.Equal([false, false, false, false, true], explicitStart);
    }

    [Fact]
    public async Task Members_expose_the_client_cluster_and_metrics_ports()
    {
        var model = await BuildModelAsync();

        foreach (var member in Cluster(model).Members)
        {
            var endpoints = member.Annotations.OfType<EndpointAnnotation>().ToDictionary(e => e.Name);
            Assert.Equal((8800, "http"), (endpoints["client"].TargetPort, endpoints["client"].UriScheme));
            Assert.Equal((9900, "http"), (endpoints["metrics"].TargetPort, endpoints["metrics"].UriScheme));
            Assert.Equal([8801, 8802, 8803, 8804], Enumerable.Range(1, 4).Select(i => endpoints[$"cluster{i}"].TargetPort!.Value));
            Assert.All(Enumerable.Range(1, 4), i => Assert.Equal("tcp", endpoints[$"cluster{i}"].UriScheme));
        }
    }

    [Fact]
    public async Task Image_and_tag_come_from_configuration()
    {
        var model = await BuildModelAsync("MigratoryData:Image=local/standin", "MigratoryData:Tag=t1");

        var image = Cluster(model).Members[0].Annotations.OfType<ContainerImageAnnotation>().Single();
        Assert.Equal(("local/standin", "t1"), (image.Image, image.Tag));
    }

    [Fact]
    public async Task The_default_image_is_pinned()
    {
        var model = await BuildModelAsync();

        var image = Cluster(model).Members[0].Annotations.OfType<ContainerImageAnnotation>().Single();
        Assert.Equal("migratorydata/server", image.Image);
        Assert.Matches(@"^\d+\.\d+\.\d+$", image.Tag);
    }

    [Fact]
    public async Task Each_member_gets_the_shared_options_plus_its_own_listen_address_in_local_names()
    {
        var model = await BuildModelAsync("MigratoryData:LogLevel=DEBUG");
        var cluster = Cluster(model);

        foreach (var member in cluster.Members)
        {
            var env = await RunEnvironmentAsync(member);
            var items = ServerParameters.Parse(env[ServerParameters.EnvironmentVariable]).ToDictionary();

            Assert.Equal("DEBUG", items["LogLevel"]);
            Assert.Equal("Guaranteed", items["ClusterDeliveryMode"]);
            Assert.Equal($"{member.Name}:8801", items["ClusterMemberListen"]);
            Assert.Equal(cluster.Topology.ClusterMembers(), items["ClusterMembers"]);
            Assert.Equal("migratorydata-0:8801,migratorydata-1:8801,migratorydata-2:8801,migratorydata-3:8801,migratorydata-4:8801", items["ClusterMembers"]);
            // The generated monitor password is resolved at start, never written into the model.
            Assert.Matches("^[A-Za-z0-9]{8,}$", items["MonitorPassword"]);
            Assert.False(items.ContainsKey("LicenseKey"));
            Assert.Equal(MigratoryDataClusterOptions.TutorialJavaGcLogOptions, env["MIGRATORYDATA_JAVA_GC_LOG_OPTS"]);
            Assert.False(env.ContainsKey("MIGRATORYDATA_JAVA_GC_OPTS"));
        }
    }

    [Fact]
    public async Task Secret_parameters_flow_into_the_options_by_reference()
    {
        var model = await BuildModelAsync("Parameters:migratorydata-license-key=LK123", "Parameters:migratorydata-cluster-password=pw9");
        var cluster = Cluster(model);

        Assert.True(cluster.LicenseKey!.Secret);
        Assert.True(cluster.ClusterPassword!.Secret);
        var env = await RunEnvironmentAsync(cluster.Members[0]);
        var items = ServerParameters.Parse(env[ServerParameters.EnvironmentVariable]).ToDictionary();
        Assert.Equal(("LK123", "pw9"), (items["LicenseKey"], items["ClusterPassword"]));
    }

    [Fact]
    public async Task The_connection_string_lists_the_client_urls_of_the_members_that_start()
    {
        var model = await BuildModelAsync();

        var expression = Cluster(model).ConnectionStringExpression.ValueExpression;
        Assert.Equal("{migratorydata-0.bindings.client.url},{migratorydata-1.bindings.client.url},{migratorydata-2.bindings.client.url}", expression);
    }

    [Fact]
    public async Task Members_have_a_health_check_on_the_client_port()
    {
        var model = await BuildModelAsync();

        foreach (var member in Cluster(model).Members)
        {
            var check = Assert.Single(member.Annotations.OfType<HealthCheckAnnotation>());
            Assert.Equal($"{member.Name}_client_port", check.Key);
        }
    }

    [Fact]
    public async Task Bad_settings_stop_the_AppHost_with_the_message_before_anything_starts()
    {
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MigratoryAspire_AppHost>(
            ["MigratoryData:Replicas=9", "MigratoryData:Memory=lots", "MigratoryData:Replica=4"]);
        await using var app = await appHost.BuildAsync();
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        var ex = Assert.IsType<MigratoryDataConfigurationException>(thrown is AggregateException a ? Assert.Single(a.InnerExceptions) : thrown);

        Assert.Contains("MigratoryData:Replicas is 9, but it must be between 1 and MaxReplicas (5).", ex.Message);
        Assert.Contains("MigratoryData:Memory is 'lots'", ex.Message);
        Assert.Contains("MigratoryData:Replica (value '4') is not a setting: did you mean MigratoryData:Replicas?", ex.Message);
        Assert.Equal(MigratoryDataExitCodes.InvalidSettings, ex.ExitCode);
        Assert.False(notifications.TryGetCurrentState("migratorydata-0", out _), "no member may have been started");
    }
}
