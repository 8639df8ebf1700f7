using System.Globalization;
using k8s.Models;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>
/// Maps the cluster model to the telemetry objects: the monitor, configured with the same <see cref="ClusterContract"/> as
/// the local run (members at their headless-service DNS names), exporting OTLP to Microsoft's standalone Aspire dashboard.
/// Pure: no files, no environment.
/// </summary>
internal static class TelemetryManifestMapper
{
    /// <summary>The dashboard's browser frontend port (the standalone image's).</summary>
    public const int DashboardFrontendPort = 18888;

    /// <summary>The dashboard's OTLP/gRPC port (the standalone image's); the only OTLP port the monitor uses.</summary>
    public const int DashboardOtlpPort = 18889;

    /// <summary>The monitor's HTTP port (<c>/cluster</c>, probed by the kubelet): the .NET container images' default.</summary>
    public const int MonitorHttpPort = 8080;

    /// <summary>The azd environment variable that holds the monitor image azd pushed: <c>SERVICE_{KEY}_IMAGE_NAME</c>,
    /// the key being the azd service name upper-cased with '-' as '_' (azd's <c>environment.Key</c>).</summary>
    public static string MonitorImageVariable(KubernetesNames names) =>
        $"SERVICE_{names.Monitor.ToUpperInvariant().Replace('-', '_')}_IMAGE_NAME";

    /// <summary>The stand-in the writer replaces with the azd template expression of <see cref="MonitorImageVariable"/>.</summary>
    public static string MonitorImagePlaceholder(KubernetesNames names) => $"AZD_ENV_{MonitorImageVariable(names)}";

    /// <summary>The stand-in the writer replaces with the template expression of the monitor password, in the scrape configuration.</summary>
    public const string ScrapePasswordPlaceholder = "AZD_ENV_SCRAPE_PASSWORD";

    /// <summary>
    /// The command that opens the dashboard from a workstation (ClusterIP service), as the README and the deploy print it:
    /// <c>kubectl port-forward --namespace {ns} service/{cluster}-dashboard 18888:18888</c>, then http://localhost:18888.
    /// </summary>
    public static string PortForwardCommand(KubernetesNames names) =>
        $"kubectl port-forward --namespace {names.Namespace} service/{names.Dashboard} {DashboardFrontendPort}:{DashboardFrontendPort}";

    /// <summary>Builds the telemetry objects, or null when <see cref="KubernetesOptions.Telemetry"/> is off.</summary>
    public static TelemetryManifests? Map(KubernetesNames names, MigratoryDataClusterOptions options, ClusterTopology topology)
    {
        var k8s = options.Kubernetes;
        if (!k8s.Telemetry)
        {
            return null;
        }

        return new TelemetryManifests(
            Dashboard(names, k8s),
            DashboardService(names, k8s),
            k8s.NetworkPolicy ? DashboardNetworkPolicy(names, k8s) : null,
            Monitor(names, options, topology),
            k8s.NetworkPolicy ? MonitorNetworkPolicy(names) : null,
            k8s.ManagedPrometheus ? PrometheusScrapeConfig(names, options) : null);
    }

    /// <summary>The monitor's environment: the cluster contract at the members' DNS names, its credentials, its OTLP export.</summary>
    private static List<V1EnvVar> MonitorEnvironment(KubernetesNames names, MigratoryDataClusterOptions options, ClusterTopology topology)
    {
        var contract = ClusterContract.AtDnsNames(topology, names.MemberDomain, options.ClientPort, options.MetricsPort);
        var env = ClusterContractVariables.For(contract).Select(v => new V1EnvVar { Name = v.Key, Value = v.Value }).ToList();
        env.Add(new V1EnvVar { Name = ClusterContractVariables.Key("Username"), Value = StatefulSetMapper.Literal(options.MonitorUsername) });
        env.Add(new V1EnvVar
        {
            Name = ClusterContractVariables.Key("Password"),
            // Not optional: without the Secret the monitor would only collect refusals; the kubelet waits for it instead.
            ValueFrom = new V1EnvVarSource
            {
                SecretKeyRef = new V1SecretKeySelector { Name = names.Secret, Key = ClusterSecret.MonitorPassword.SecretKey },
            },
        });
        env.Add(new V1EnvVar { Name = "OTEL_EXPORTER_OTLP_ENDPOINT", Value = $"http://{names.Dashboard}:{DashboardOtlpPort}" });
        env.Add(new V1EnvVar { Name = "OTEL_EXPORTER_OTLP_PROTOCOL", Value = "grpc" });
        // The cluster signals are the monitor's own telemetry; the members' carry each member's name.
        env.Add(new V1EnvVar { Name = "OTEL_SERVICE_NAME", Value = names.Monitor });
        env.Add(new V1EnvVar { Name = "ASPNETCORE_HTTP_PORTS", Value = Invariant(MonitorHttpPort) });
        return env;
    }

    /// <summary>The dashboard's environment: browser-token frontend, unsecured OTLP/gRPC (reachable only from the monitor
    /// through the NetworkPolicy), no OTLP/HTTP endpoint.</summary>
    private static List<V1EnvVar> DashboardEnvironment(KubernetesNames names, KubernetesOptions k8s)
    {
        List<V1EnvVar> env =
        [
            new() { Name = "ASPNETCORE_URLS", Value = $"http://+:{DashboardFrontendPort}" },
            new() { Name = "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", Value = $"http://+:{DashboardOtlpPort}" },
            new() { Name = "DASHBOARD__FRONTEND__AUTHMODE", Value = "BrowserToken" },
            new()
            {
                Name = ClusterSecret.DashboardToken.PodVariable,
                // Optional: with no token the dashboard makes one up and logs its login link (kubectl logs).
                ValueFrom = new V1EnvVarSource
                {
                    SecretKeyRef = new V1SecretKeySelector { Name = names.Secret, Key = ClusterSecret.DashboardToken.SecretKey, Optional = true },
                },
            },
            new() { Name = "DASHBOARD__OTLP__AUTHMODE", Value = "Unsecured" },
        ];
        if (k8s.NetworkPolicy)
        {
            // The dashboard warns that anyone may send it telemetry; the NetworkPolicy admits only the monitor.
            env.Add(new V1EnvVar { Name = "DASHBOARD__OTLP__SUPPRESSUNSECUREDTELEMETRYMESSAGE", Value = "true" });
        }

        return env;
    }

    private static V1Deployment Dashboard(KubernetesNames names, KubernetesOptions k8s) =>
        // Telemetry lives in memory: two dashboards would split it.
        SingleReplica(names, names.Dashboard, new V1Container
        {
            Name = "dashboard",
            Image = k8s.DashboardImage,
            ImagePullPolicy = "IfNotPresent",
            // The 13.x dashboard is a native executable; naming it does not depend on the image's entrypoint.
            Command = ["/app/Aspire.Dashboard"],
            Env = DashboardEnvironment(names, k8s),
            Ports =
            [
                new V1ContainerPort { Name = "http", ContainerPort = DashboardFrontendPort },
                new V1ContainerPort { Name = "otlp-grpc", ContainerPort = DashboardOtlpPort },
            ],
            Resources = Resources("100m", "256Mi", "1", "1Gi"),
            ReadinessProbe = HttpProbe("/health", DashboardFrontendPort, initialDelaySeconds: 5),
            LivenessProbe = HttpProbe("/health", DashboardFrontendPort, initialDelaySeconds: 30),
            SecurityContext = StatefulSetMapper.HardenedSecurityContext(k8s),
        });

    /// <summary>
    /// A one-replica Deployment with the <c>Recreate</c> strategy (the old pod goes before the new one starts) and no
    /// service-account token (neither the monitor nor the dashboard talks to the Kubernetes API).
    /// </summary>
    private static V1Deployment SingleReplica(KubernetesNames names, string app, V1Container container) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = KubernetesManifestMapper.Meta(names, app, app),
        Spec = new V1DeploymentSpec
        {
            Replicas = 1,
            Strategy = new V1DeploymentStrategy { Type = "Recreate" },
            Selector = new V1LabelSelector { MatchLabels = KubernetesNames.SelectorOf(app) },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = KubernetesNames.SelectorOf(app) },
                Spec = new V1PodSpec { AutomountServiceAccountToken = false, Containers = [container] },
            },
        },
    };

    private static V1Service DashboardService(KubernetesNames names, KubernetesOptions k8s) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = KubernetesManifestMapper.Meta(names, names.Dashboard, names.Dashboard),
        Spec = new V1ServiceSpec
        {
            Type = k8s.DashboardServiceType,
            Ports =
            [
                new V1ServicePort { Name = "http", Port = DashboardFrontendPort, Protocol = "TCP", TargetPort = DashboardFrontendPort },
                new V1ServicePort { Name = "otlp-grpc", Port = DashboardOtlpPort, Protocol = "TCP", TargetPort = DashboardOtlpPort },
            ],
            Selector = names.DashboardLabels,
        },
    };

    private static V1NetworkPolicy DashboardNetworkPolicy(KubernetesNames names, KubernetesOptions k8s)
    {
        var ingress = new List<V1NetworkPolicyIngressRule>
        {
            // OTLP is unsecured, so only the monitor may send it.
            new()
            {
                FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = names.MonitorLabels } }],
                Ports = [new V1NetworkPolicyPort { Port = DashboardOtlpPort, Protocol = "TCP" }],
            },
        };
        if (k8s.DashboardServiceType == "LoadBalancer")
        {
            // The public frontend (browser token). kubectl port-forward needs no rule: it enters the pod's own network.
            ingress.Add(new V1NetworkPolicyIngressRule { Ports = [new V1NetworkPolicyPort { Port = DashboardFrontendPort, Protocol = "TCP" }] });
        }

        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = KubernetesManifestMapper.Meta(names, names.DashboardNetworkPolicy, names.Dashboard),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = names.DashboardLabels },
                PolicyTypes = ["Ingress"],
                Ingress = ingress,
            },
        };
    }

    private static V1NetworkPolicy MonitorNetworkPolicy(KubernetesNames names) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = KubernetesManifestMapper.Meta(names, names.MonitorNetworkPolicy, names.Monitor),
        Spec = new V1NetworkPolicySpec
        {
            // No ingress rule: nothing may connect to the monitor (the kubelet's probes come from the node, which Cilium allows).
            PodSelector = new V1LabelSelector { MatchLabels = names.MonitorLabels },
            PolicyTypes = ["Ingress"],
        },
    };

    private static V1Deployment Monitor(KubernetesNames names, MigratoryDataClusterOptions options, ClusterTopology topology) =>
        // Two monitors at once would export every member's series twice.
        SingleReplica(names, names.Monitor, new V1Container
        {
            Name = "monitor",
            Image = MonitorImagePlaceholder(names),
            ImagePullPolicy = "IfNotPresent",
            Env = MonitorEnvironment(names, options, topology),
            Ports = [new V1ContainerPort { Name = "http", ContainerPort = MonitorHttpPort }],
            Resources = Resources("50m", "128Mi", "500m", "256Mi"),
            // /cluster answers 204 before the first cycle and 200 after: the process serves requests.
            ReadinessProbe = HttpProbe("/cluster", MonitorHttpPort, initialDelaySeconds: 5),
            LivenessProbe = HttpProbe("/cluster", MonitorHttpPort, initialDelaySeconds: 15),
            SecurityContext = StatefulSetMapper.HardenedSecurityContext(options.Kubernetes),
        });

    /// <summary>
    /// The <c>ama-metrics-prometheus-config</c> ConfigMap the AKS metrics add-on reads from kube-system: one job that
    /// finds the members' pods and scrapes their metrics port with the monitor credentials as query parameters.
    /// </summary>
    private static V1ConfigMap PrometheusScrapeConfig(KubernetesNames names, MigratoryDataClusterOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = "ama-metrics-prometheus-config", NamespaceProperty = "kube-system" },
        Data = new Dictionary<string, string>
        {
            ["prometheus-config"] = PrometheusScrape.Render(names, options.MetricsPort, options.MonitorUsername, ScrapePasswordPlaceholder),
        },
    };

    private static V1Probe HttpProbe(string path, int port, int initialDelaySeconds) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = port },
        InitialDelaySeconds = initialDelaySeconds,
        PeriodSeconds = 10,
        FailureThreshold = 3,
    };

    private static V1ResourceRequirements Resources(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuRequest), ["memory"] = new(memoryRequest) },
        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpuLimit), ["memory"] = new(memoryLimit) },
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
