using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MigratoryAspire.AppHost.Deploy;

/// <summary>A StatefulSet's rollout as <c>kubectl get statefulset -o json</c> reports it.</summary>
/// <param name="Desired">spec.replicas (set by the autoscaler when there is one).</param>
/// <param name="Ready">status.readyReplicas.</param>
/// <param name="Updated">status.updatedReplicas: members running the newest pod template.</param>
/// <param name="Observed">True when the controller has seen the newest spec (status.observedGeneration ≥ metadata.generation).</param>
internal sealed record MemberRollout(int Desired, int Ready, int Updated, bool Observed)
{
    /// <summary>Every member runs the newest template and is ready.</summary>
    public bool Complete => Observed && Ready >= Desired && Updated >= Desired;
}

/// <summary>
/// The read-only <c>kubectl</c> calls of the deploy step, against the kube context azd created for the AKS cluster
/// (azd names it after <c>AZURE_AKS_CLUSTER_NAME</c>) so that another current context is never read by mistake.
/// </summary>
internal sealed class KubectlCli(ToolRunner tools, string workingDirectory, string? context, ILogger logger)
{
    /// <summary>The tool's name on PATH.</summary>
    public const string Tool = "kubectl";

    /// <summary>The StatefulSet's rollout, or null while it does not exist.</summary>
    public async Task<MemberRollout?> GetRolloutAsync(string @namespace, string statefulSet, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["get", "statefulset", statefulSet, "--namespace", @namespace, "--output", "json", "--ignore-not-found"], cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(result.Output))
        {
            return null;
        }

        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        var status = root.TryGetProperty("status", out var s) ? s : default;
        var generation = Int(root.GetProperty("metadata"), "generation");
        return new MemberRollout(
            Desired: Int(root.GetProperty("spec"), "replicas", fallback: 1),
            Ready: Int(status, "readyReplicas"),
            Updated: Int(status, "updatedReplicas"),
            Observed: Int(status, "observedGeneration") >= generation);
    }

    /// <summary>The LoadBalancer service's external address (IP or host name), or null while it has none.</summary>
    public async Task<string?> GetLoadBalancerAddressAsync(string @namespace, string service, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["get", "service", service, "--namespace", @namespace, "--output", "json"], cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(result.Output);
        if (json.RootElement.TryGetProperty("status", out var status)
            && status.TryGetProperty("loadBalancer", out var lb)
            && lb.TryGetProperty("ingress", out var ingress)
            && ingress.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in ingress.EnumerateArray())
            {
                if (entry.TryGetProperty("ip", out var ip) && ip.GetString() is { Length: > 0 } address) { return address; }
                if (entry.TryGetProperty("hostname", out var host) && host.GetString() is { Length: > 0 } name) { return name; }
            }
        }

        return null;
    }

    private async Task<ToolResult> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        string[] all = context is null ? arguments : ["--context", context, .. arguments];
        var result = await tools.RunCheckedAsync(Tool, all, workingDirectory, onLine: null, cancellationToken).ConfigureAwait(false);
        logger.LogDebug("kubectl {Arguments} succeeded", string.Join(' ', all));
        return result;
    }

    private static int Int(JsonElement element, string property, int fallback = 0) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.TryGetInt32(out var n) ? n : fallback;
}
