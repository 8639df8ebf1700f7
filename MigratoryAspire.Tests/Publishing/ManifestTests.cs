using k8s;
using k8s.Models;

using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>What the manifests must be whatever the tutorial says: strictly valid, ordered for azd, secret-free.</summary>
public class ManifestTests
{
    [Fact]
    public async Task Every_manifest_parses_strictly_and_applies_in_name_order_on_a_fresh_cluster()
    {
        var run = await PublishRun.Default;
        var set = new ManifestSet(run.Manifests);

        Assert.Equal(
            ["00-namespace.yaml", "01-secret.tmpl.yaml", "02-service-client.yaml", "03-service-headless.yaml",
             "04-networkpolicy.yaml", "05-poddisruptionbudget.yaml", "06-statefulset.yaml", "07-autoscaler.yaml",
             "08-dashboard-service.yaml", "09-dashboard-networkpolicy.yaml", "10-dashboard-deployment.yaml"],
            set.FileNames);
        // azd applies file by file in name order: the namespace before anything in it, the Secret before the pods
        // that read it, the StatefulSet before the autoscaler that targets it.
        Assert.IsType<V1Namespace>(set.Objects[0]);
        Assert.True(set.Objects.IndexOf(set.Single<V1Secret>()) < set.Objects.IndexOf(set.Single<V1StatefulSet>()));
        Assert.True(set.Objects.IndexOf(set.Single<V1StatefulSet>()) < set.Objects.IndexOf(set.Single<V2HorizontalPodAutoscaler>()));
        Assert.All(set.Objects.Skip(1), o => Assert.Equal("migratory", ((IMetadata<V1ObjectMeta>)o).Metadata.NamespaceProperty));
        // The members' objects carry the cluster's label; the dashboard's its own, so no member selector picks its pods.
        Assert.All(set.Objects.Skip(1), o =>
        {
            var meta = ((IMetadata<V1ObjectMeta>)o).Metadata;
            Assert.Equal(meta.Name.StartsWith("migratorydata-dashboard", StringComparison.Ordinal) ? "migratorydata-dashboard" : "migratorydata", meta.Labels["app"]);
        });
    }

    [Fact]
    public async Task Strict_parsing_rejects_a_field_the_model_does_not_know()
    {
        var statefulSet = (await PublishRun.Default).Manifests["06-statefulset.yaml"];
        var misspelt = statefulSet.Replace("  serviceName:", "  servicename:", StringComparison.Ordinal);
        Assert.NotEqual(statefulSet, misspelt);

        // Lenient parsing drops the field silently; strict parsing, which the tests use, fails on it.
        Assert.Null(KubernetesYaml.Deserialize<V1StatefulSet>(misspelt).Spec.ServiceName);
        Assert.ThrowsAny<Exception>(() => ManifestSet.ParseStrict(misspelt));
    }

    [Fact]
    public async Task Kustomization_lists_every_manifest_but_the_secret_template_and_azd_would_not_apply_it()
    {
        var manifests = (await PublishRun.Default).Manifests;
        var kustomization = manifests["Kustomization"];
        var resources = kustomization.Split('\n').Where(l => l.StartsWith("  - ", StringComparison.Ordinal)).Select(l => l[4..]).ToArray();

        Assert.Contains("kind: Kustomization", kustomization);
        Assert.Equal(manifests.Keys.Where(k => k.EndsWith(".yaml", StringComparison.Ordinal) && !k.Contains(".tmpl.")).Order(StringComparer.Ordinal), resources);
        // azd applies only .yaml/.yml files; a kustomization.yaml would be applied as an object and fail.
        Assert.DoesNotContain(manifests.Keys, k => k.StartsWith("kustomization.", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Secret_template_renders_from_the_azd_environment_and_commits_no_value()
    {
        var manifests = (await PublishRun.Default).Manifests;
        var template = manifests["01-secret.tmpl.yaml"];

        var env = new Dictionary<string, string>
        {
            ["MIGRATORYDATA_LICENSE_KEY"] = "LK-123",
            ["MIGRATORYDATA_CLUSTER_PASSWORD"] = "p\"a\\ss:#{}",
        };
        var secret = (V1Secret)ManifestSet.ParseStrict(AzdTemplate.Render(template, env));
        Assert.Equal("LK-123", secret.StringData["license-key"]);
        Assert.Equal("p\"a\\ss:#{}", secret.StringData["cluster-password"]);
        // A variable azd does not have renders empty (index of a missing key), not "<no value>".
        Assert.Equal("", secret.StringData["monitor-password"]);
        Assert.Equal("migratorydata-secrets", secret.Metadata.Name);

        // The pods read every key optionally, from that Secret.
        var container = new ManifestSet(manifests).Container;
        var fromSecret = container.Env.Where(e => e.ValueFrom?.SecretKeyRef is not null).ToArray();
        // Every key but the dashboard's browser token, which only the dashboard reads.
        Assert.Equal(secret.StringData.Keys.Where(k => k != "dashboard-token").Order(), fromSecret.Select(e => e.ValueFrom.SecretKeyRef.Key).Order());
        Assert.Equal("", secret.StringData["dashboard-token"]);
        Assert.All(fromSecret, e => Assert.True(e.ValueFrom.SecretKeyRef.Optional));
        Assert.All(fromSecret, e => Assert.Equal(secret.Metadata.Name, e.ValueFrom.SecretKeyRef.Name));
    }

    [Fact]
    public async Task Member_script_appends_only_the_secrets_that_are_set_and_never_prints_them()
    {
        var script = new ManifestSet((await PublishRun.Default).Manifests).Container.Command[^1];
        const string domain = "migratorydata-hs.migratory.svc.cluster.local";
        // Kubernetes rewrites $(NAME) in a container command when NAME is one of the pod's variables, so the script
        // that runs could differ from the one tested here; the script avoids the form altogether.
        Assert.DoesNotContain("$(", script);

        var with = StartupScriptRun.Run(script, "migratorydata-1", domain, new Dictionary<string, string>
        {
            ["MIGRATORYDATA_EXTRA_OPTS"] = "-DMemory=128MB",
            ["MD_LICENSE_KEY"] = "SECRET-LICENSE",
            ["MD_CLUSTER_PASSWORD"] = "",
        });
        Assert.Equal(0, with.ExitCode);
        Assert.Equal("SECRET-LICENSE", with.Item("LicenseKey"));
        Assert.Null(with.Item("ClusterPassword"));
        Assert.Null(with.Item("MonitorPassword"));
        Assert.Equal("128MB", with.Item("Memory"));
        Assert.DoesNotContain("SECRET-LICENSE", with.Output);

        // A value with whitespace would split into two -D items: the member refuses to start, without echoing it.
        var spaced = StartupScriptRun.Run(script, "migratorydata-1", domain, new Dictionary<string, string>
        {
            ["MD_CLUSTER_PASSWORD"] = "two words",
        });
        Assert.NotEqual(0, spaced.ExitCode);
        Assert.Null(spaced.StartedWith);
        Assert.Contains("MD_CLUSTER_PASSWORD contains whitespace", spaced.Output);
        Assert.DoesNotContain("two words", spaced.Output);
    }

    [Fact]
    public async Task Hardening_defaults_are_in_place()
    {
        var set = new ManifestSet((await PublishRun.Default).Manifests);
        var pod = set.Single<V1StatefulSet>().Spec.Template;
        var container = set.Container;

        Assert.Equal("IfNotPresent", container.ImagePullPolicy);
        Assert.DoesNotContain(":latest", container.Image);
        Assert.Equal(2m, container.Resources.Limits["cpu"].ToDecimal());
        Assert.Equal(1024m * 1024 * 1024, container.Resources.Limits["memory"].ToDecimal());
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Equal("RuntimeDefault", container.SecurityContext.SeccompProfile.Type);
        var spread = Assert.Single(pod.Spec.TopologySpreadConstraints);
        Assert.Equal(("topology.kubernetes.io/zone", "ScheduleAnyway", 1), (spread.TopologyKey, spread.WhenUnsatisfiable, spread.MaxSkew));
        Assert.Equal(60, pod.Spec.TerminationGracePeriodSeconds);
        // No prometheus.io annotations: the endpoint needs credentials that annotation-based scraping cannot send.
        Assert.Null(pod.Metadata.Annotations);
    }

    [Fact]
    public async Task Network_policy_admits_cluster_ports_only_from_members()
    {
        var set = new ManifestSet((await PublishRun.Default).Manifests);
        var policy = Assert.Single(set.All<V1NetworkPolicy>(), p => p.Metadata.Name == "migratorydata-network");

        Assert.Equal("migratorydata", policy.Spec.PodSelector.MatchLabels["app"]);
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        var open = Assert.Single(policy.Spec.Ingress, r => r.FromProperty is null);
        Assert.Equal(["8800", "9900"], open.Ports.Select(p => p.Port.ToString()));
        var members = Assert.Single(policy.Spec.Ingress, r => r.FromProperty is not null);
        Assert.Equal("migratorydata", Assert.Single(members.FromProperty).PodSelector.MatchLabels["app"]);
        Assert.Equal(["8801", "8802", "8803", "8804"], members.Ports.Select(p => p.Port.ToString()));

        // The dashboard's OTLP port only from the monitor; its frontend (ClusterIP, reached by port-forward) from nowhere.
        var dashboard = Assert.Single(set.All<V1NetworkPolicy>(), p => p.Metadata.Name == "migratorydata-dashboard-network");
        Assert.Equal("migratorydata-dashboard", dashboard.Spec.PodSelector.MatchLabels["app"]);
        var otlp = Assert.Single(dashboard.Spec.Ingress);
        Assert.Equal("migratorydata-monitor", Assert.Single(otlp.FromProperty).PodSelector.MatchLabels["app"]);
        Assert.Equal(["18889"], otlp.Ports.Select(p => p.Port.ToString()));
    }
}
