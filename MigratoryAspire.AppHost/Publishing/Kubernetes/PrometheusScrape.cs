
namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>
/// The Prometheus scrape configuration of the members' metrics endpoint. MigratoryData takes the monitor credentials as the
/// <c>username</c> and <c>password</c> query parameters, which Prometheus only takes as literal <c>params</c> values (not
/// from a file or Secret), so the password is a value here: the publisher writes a placeholder, azd renders it.
/// </summary>
internal static class PrometheusScrape
{
    /// <summary>The scrape job's name.</summary>
    public static string JobName(KubernetesNames names) => $"{names.Cluster}-members";

    /// <summary>
    /// A Prometheus configuration with one job: Kubernetes pod discovery in the namespace, kept when the pod has the
    /// members' <c>app</c> label and the container port is the metrics port; instance = pod name.
    /// </summary>
    /// <param name="names">The objects' names.</param>
    /// <param name="metricsPort">The members' metrics port.</param>
    /// <param name="username">MonitorUsername.</param>
    /// <param name="passwordValue">The password as it goes into the YAML: the placeholder azd replaces.</param>
    public static string Render(KubernetesNames names, int metricsPort, string username, string passwordValue)
    {
        return $$"""
            scrape_configs:
              - job_name: {{JobName(names)}}
                scrape_interval: 30s
                metrics_path: /metrics
                params:
                  username: ["{{username}}"]
                  password: [{{passwordValue}}]
                kubernetes_sd_configs:
                  - role: pod
                    namespaces:
                      names: [{{names.Namespace}}]
                relabel_configs:
                  - source_labels: [__meta_kubernetes_pod_label_{{KubernetesNames.AppLabel}}]
                    regex: {{names.Cluster}}
                    action: keep
                  - source_labels: [__meta_kubernetes_pod_container_port_number]
                    regex: "{{metricsPort}}"
                    action: keep
                  - source_labels: [__meta_kubernetes_pod_name]
                    target_label: instance

            """;
    }
}
