using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MigratoryAspire.AppHost.Model;

namespace MigratoryAspire.Tests.Telemetry;

/// <summary>The monitor as the AppHost declares it, checked on the built model (no Docker, no DCP).</summary>
public class MonitorWiringTests
{
    [Fact]
    public async Task The_monitor_is_a_child_of_the_cluster_with_an_http_health_check()
    {
        var app = await BuildAsync();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        var monitor = model.Resources.OfType<ProjectResource>().Single(r => r.Name == "migratorydata-monitor");

        var parent = Assert.Single(monitor.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Type == "Parent");
        Assert.Same(model.Resources.OfType<MigratoryDataClusterResource>().Single(), parent.Resource);
        Assert.Contains(monitor.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");
        Assert.NotEmpty(monitor.Annotations.OfType<HealthCheckAnnotation>());
        Assert.Empty(monitor.Annotations.OfType<WaitAnnotation>()); // it must not wait for members that may never start
    }

    [Fact]
    public async Task The_monitor_environment_names_every_member_its_endpoints_instance_id_and_the_topology()
    {
        var app = await BuildAsync("MigratoryData:Replicas=3", "MigratoryData:MaxReplicas=5", "MigratoryData:DeliveryMode=Guaranteed",
            "Parameters:migratorydata-monitor-password=s3cret");
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var cluster = model.Resources.OfType<MigratoryDataClusterResource>().Single();
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var member in cluster.Members)
        {
            // What DCP does at run time: ports on localhost, and a DCP name with a suffix, even for a member not started.
            Allocate(member, MigratoryDataClusterResource.ClientEndpointName, 30_000 + member.Ordinal);
            Allocate(member, MigratoryDataClusterResource.MetricsEndpointName, 31_000 + member.Ordinal);
            await notifications.PublishUpdateAsync(member, $"{member.Name}-sfx{member.Ordinal}abc",
                s => s with { State = member.StartsWithCluster ? KnownResourceStates.Running : KnownResourceStates.NotStarted });
        }

        var env = await RunEnvironmentAsync(app, model.Resources.Single(r => r.Name == "migratorydata-monitor"));

        Assert.Equal("migratorydata", env["Monitor__ClusterName"]);
        Assert.Equal(("3", "5", "3", "Guaranteed"), (env["Monitor__Replicas"], env["Monitor__MaxReplicas"], env["Monitor__SeedMemberCount"], env["Monitor__DeliveryMode"]));
        Assert.Equal("admin", env["Monitor__Username"]);
        var environment = app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>().EnvironmentName;
        Assert.Equal((environment, environment), (env["DOTNET_ENVIRONMENT"], env["ASPNETCORE_ENVIRONMENT"]));
        Assert.Equal("s3cret", env["Monitor__Password"]);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal($"migratorydata-{i}", env[$"Monitor__Members__{i}__Name"]);
            Assert.Equal($"{i}", env[$"Monitor__Members__{i}__Ordinal"]);
            Assert.Equal($"http://localhost:{31_000 + i}", env[$"Monitor__Members__{i}__MetricsUrl"]);
            Assert.Equal($"localhost:{30_000 + i}", env[$"Monitor__Members__{i}__ClientAddress"]);
            Assert.Equal($"sfx{i}abc", env[$"Monitor__Members__{i}__InstanceId"]);
        }

        Assert.False(env.ContainsKey("Monitor__Members__5__Name"));
    }

    [Fact]
    public async Task The_environment_follows_settings_changed_after_WithMonitor()
    {
        var app = await BuildAsync("MigratoryData:Replicas=2", "MigratoryData:MaxReplicas=3", "MigratoryData:DeliveryMode=Standard");
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var cluster = model.Resources.OfType<MigratoryDataClusterResource>().Single();
        foreach (var member in cluster.Members)
        {
            Allocate(member, MigratoryDataClusterResource.ClientEndpointName, 30_000 + member.Ordinal);
            Allocate(member, MigratoryDataClusterResource.MetricsEndpointName, 31_000 + member.Ordinal);
            await app.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(member, $"{member.Name}-x", s => s with { State = KnownResourceStates.NotStarted });
        }

        var env = await RunEnvironmentAsync(app, model.Resources.Single(r => r.Name == "migratorydata-monitor"));

        Assert.Equal(("2", "3", "Standard"), (env["Monitor__Replicas"], env["Monitor__MaxReplicas"], env["Monitor__DeliveryMode"]));
        Assert.Equal("migratorydata-2", env["Monitor__Members__2__Name"]);
        Assert.Equal("x", env["Monitor__Members__2__InstanceId"]);
        Assert.False(env.ContainsKey("Monitor__Members__3__Name"));
    }

    [Fact]
    public void A_second_monitor_on_the_same_cluster_is_refused_with_a_clear_error()
    {
        var builder = DistributedApplication.CreateBuilder();
        var cluster = builder.AddMigratoryDataCluster("md").WithMonitor();

        var error = Assert.Throws<InvalidOperationException>(() => cluster.WithMonitor());

        Assert.Equal("Cluster 'md' already has a monitor ('md-monitor'); call WithMonitor once.", error.Message);
    }

    // Built, never started, and not disposed: disposing an app that never started waits ~30 s on DCP start-up checks.
    private static async Task<DistributedApplication> BuildAsync(params string[] args)
    {
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MigratoryAspire_AppHost>(args);
        return await appHost.BuildAsync();
    }

    private static void Allocate(IResourceWithEndpoints resource, string endpointName, int port)
    {
        var endpoint = resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpointName);
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", port);
    }

    private static async Task<Dictionary<string, string>> RunEnvironmentAsync(DistributedApplication app, IResource resource)
    {
        // The monitor's own endpoint feeds ASPNETCORE_URLS; give it a port as DCP would.
        Allocate((IResourceWithEndpoints)resource, "http", 32_000);
        var context = new DistributedApplicationExecutionContext(
            new DistributedApplicationExecutionContextOptions(DistributedApplicationOperation.Run) { Services = app.Services });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var configuration = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(context, NullLogger.Instance, timeout.Token);
        return configuration.EnvironmentVariables.ToDictionary();
    }
}
