using MigratoryAspire.Tests.Support;
using k8s.Models;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing;
using MigratoryAspire.AppHost.Publishing.Azd;
using MigratoryAspire.Cluster;
using YamlDotNet.RepresentationModel;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>The telemetry objects' mapping rules, by calling the publisher in-process (no AppHost boot).</summary>
public class TelemetryManifestTests
{
    private static IReadOnlyDictionary<string, string> Publish(Action<MigratoryDataClusterOptions>? change = null)
    {
        var options = new MigratoryDataClusterOptions();
        change?.Invoke(options);
        return MigratoryDataPublisher.Render(options, options.ToTopology("migratorydata"), TestMonitorLocation.DeployFolder);
    }

    private static ManifestSet Set(IReadOnlyDictionary<string, string> files, string folder) =>
        new(files.Where(f => f.Key.StartsWith(folder + "/", StringComparison.Ordinal)).ToDictionary(f => f.Key[(folder.Length + 1)..], f => f.Value),
            new Dictionary<string, string> { ["SERVICE_MIGRATORYDATA_MONITOR_IMAGE_NAME"] = "registry/monitor:1" });

    [Fact]
    public void The_monitor_gets_the_cluster_contract_at_the_members_headless_service_names_and_its_password_from_the_secret()
    {
        var monitor = Assert.Single(Set(Publish(), "manifests-monitor").Single<V1Deployment>().Spec.Template.Spec.Containers);
        var values = monitor.Env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);

        var contract = ClusterContractVariables.Parse(values);
        var expected = ClusterContract.AtDnsNames(new MigratoryDataClusterOptions().ToTopology("migratorydata"), "migratorydata-hs.migratory.svc", 8800, 9900);
        Assert.Equal(ClusterContractVariables.For(expected), ClusterContractVariables.For(contract));
        Assert.Equal(5, contract.Members.Count);
        Assert.Equal("http://migratorydata-0.migratorydata-hs.migratory.svc:9900", values["Monitor__Members__0__MetricsUrl"]);
        Assert.Equal("migratorydata-4.migratorydata-hs.migratory.svc:8800", values["Monitor__Members__4__ClientAddress"]);
        Assert.Equal("admin", values["Monitor__Username"]);
        Assert.Equal("http://migratorydata-dashboard:18889", values["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("migratorydata-monitor", values["OTEL_SERVICE_NAME"]);

        var password = Assert.Single(monitor.Env, e => e.Name == "Monitor__Password");
        Assert.Null(password.Value);
        Assert.Equal(("migratorydata-secrets", "monitor-password"), (password.ValueFrom.SecretKeyRef.Name, password.ValueFrom.SecretKeyRef.Key));
        Assert.Equal("registry/monitor:1", monitor.Image);
        Assert.NotNull(monitor.Resources.Limits);
        Assert.Equal("/cluster", monitor.ReadinessProbe.HttpGet.Path);
        Assert.False(monitor.SecurityContext.AllowPrivilegeEscalation);
    }

    [Fact]
    public void The_dashboard_is_pinned_token_protected_and_reachable_only_by_port_forward_unless_a_load_balancer_is_asked_for()
    {
        var files = Publish();
        var set = Set(files, "manifests");
        var dashboard = Assert.Single(Assert.Single(set.All<V1Deployment>()).Spec.Template.Spec.Containers);
        Assert.Equal("mcr.microsoft.com/dotnet/aspire-dashboard:13.6.5", dashboard.Image);
        Assert.Equal("BrowserToken", dashboard.Env.Single(e => e.Name == "DASHBOARD__FRONTEND__AUTHMODE").Value);
        Assert.Equal("dashboard-token", dashboard.Env.Single(e => e.Name == "DASHBOARD__FRONTEND__BROWSERTOKEN").ValueFrom.SecretKeyRef.Key);
        Assert.Equal("ClusterIP", set.Service("migratorydata-dashboard").Spec.Type);
        Assert.Equal("/health", dashboard.LivenessProbe.HttpGet.Path);

        var publicSet = Set(Publish(o => o.Kubernetes.DashboardServiceType = "LoadBalancer"), "manifests");
        Assert.Equal("LoadBalancer", publicSet.Service("migratorydata-dashboard").Spec.Type);
        var policy = Assert.Single(publicSet.All<V1NetworkPolicy>(), p => p.Metadata.Name == "migratorydata-dashboard-network");
        Assert.Equal(["18888"], Assert.Single(policy.Spec.Ingress, r => r.FromProperty is null).Ports.Select(p => p.Port.ToString()));

        // Nothing may connect to the monitor.
        var monitorPolicy = Set(files, "manifests-monitor").Single<V1NetworkPolicy>();
        Assert.Equal("migratorydata-monitor", monitorPolicy.Spec.PodSelector.MatchLabels["app"]);
        Assert.Equal(["Ingress"], monitorPolicy.Spec.PolicyTypes);
        Assert.True(monitorPolicy.Spec.Ingress is null || monitorPolicy.Spec.Ingress.Count == 0);
    }

    [Fact]
    public void Telemetry_off_publishes_neither_the_dashboard_nor_the_monitor_service()
    {
        var files = Publish(o => o.Kubernetes.Telemetry = false);
        Assert.DoesNotContain(files.Keys, f => f.Contains("dashboard", StringComparison.Ordinal) || f.StartsWith("manifests-monitor/", StringComparison.Ordinal));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(files["azure.yaml"]));
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        Assert.Equal("migratorydata", ((YamlScalarNode)Assert.Single(services.Children).Key).Value);
        Assert.DoesNotContain("predeploy", files["azure.yaml"]);
        Assert.DoesNotContain("deployment:", files["azure.yaml"]);
        Assert.DoesNotContain("dashboard-token", files["manifests/01-secret.tmpl.yaml"]);
    }

    [Fact]
    public void Managed_prometheus_adds_the_scrape_configuration_template_and_the_bicep_parameter()
    {
        Assert.DoesNotContain(Publish().Keys, f => f.Contains("prometheus", StringComparison.Ordinal));
        var files = Publish(o => o.Kubernetes.ManagedPrometheus = true);
        var template = files["manifests/11-prometheus-scrape-config.tmpl.yaml"];
        Assert.Contains("{{ printf \"%q\" (index .Env \"MIGRATORYDATA_MONITOR_PASSWORD\") }}", template);
        Assert.Contains("\"value\": true", files["infra/main.parameters.json"]);
        // A template: azd renders it, kustomize cannot.
        Assert.DoesNotContain("prometheus", files["manifests/Kustomization"]);
    }

    [Fact]
    public void Dashboard_settings_are_validated()
    {
        var options = new MigratoryDataClusterOptions();
        options.Kubernetes.DashboardImage = "mcr.microsoft.com/dotnet/aspire-dashboard:latest";
        options.Kubernetes.DashboardServiceType = "NodePort";
        var errors = MigratoryDataClusterOptionsValidator.Validate("migratorydata", options).Errors;
        Assert.Contains(errors, e => e.StartsWith("MigratoryData:Kubernetes:DashboardImage is 'mcr.microsoft.com/dotnet/aspire-dashboard:latest'", StringComparison.Ordinal));
        Assert.Contains("MigratoryData:Kubernetes:DashboardServiceType is 'NodePort', but it must be one of: ClusterIP, LoadBalancer.", errors);
    }
}
