using System.Text.RegularExpressions;
using k8s.Models;

namespace MigratoryAspire.AppHost.Model;

/// <summary>Checks the publish-only settings (<c>MigratoryData:Kubernetes:*</c>); the main options validator calls it.</summary>
internal static partial class KubernetesOptionsValidator
{
    private const string Prefix = "MigratoryData:Kubernetes:";

    /// <summary>Adds one message per invalid setting, each naming the key, the value given and what is allowed.</summary>
    /// <param name="options">The Kubernetes settings.</param>
    /// <param name="memory">The server's <c>Memory</c> (e.g. <c>128MB</c>), checked against the memory limit and request; null to skip.</param>
    /// <param name="errors">Where errors go.</param>
    /// <param name="warnings">Where warnings go.</param>
    internal static void Validate(KubernetesOptions options, string? memory, ICollection<string> errors, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);

        OneOf(nameof(options.ImagePullPolicy), options.ImagePullPolicy, KubernetesOptions.ImagePullPolicies, errors);
        OneOf(nameof(options.ZoneSpread), options.ZoneSpread, KubernetesOptions.ZoneSpreadModes, errors);
        OneOf(nameof(options.UnhealthyPodEvictionPolicy), options.UnhealthyPodEvictionPolicy,
            KubernetesOptions.UnhealthyPodEvictionPolicies, errors);

        OneOf(nameof(options.DashboardServiceType), options.DashboardServiceType, KubernetesOptions.DashboardServiceTypes, errors);
        if (string.IsNullOrWhiteSpace(options.DashboardImage) || !PinnedImagePattern().IsMatch(options.DashboardImage)
            || options.DashboardImage.EndsWith(":latest", StringComparison.Ordinal))
        {
            errors.Add($"{Prefix}DashboardImage is '{options.DashboardImage}', but it must be an image reference with a pinned tag other than latest, e.g. mcr.microsoft.com/dotnet/aspire-dashboard:13.6.5.");
        }

        InRange(nameof(options.ServicePort), options.ServicePort, 1, 65535, errors);
        InRange(nameof(options.TargetCpuUtilization), options.TargetCpuUtilization, 1, 100, errors);
        InRange(nameof(options.TerminationGracePeriodSeconds), options.TerminationGracePeriodSeconds, 0, 3600, errors);

        Quantity(nameof(options.CpuRequest), options.CpuRequest, required: true, errors);
        Quantity(nameof(options.MemoryRequest), options.MemoryRequest, required: true, errors);
        Quantity(nameof(options.CpuLimit), options.CpuLimit, required: false, errors);
        Quantity(nameof(options.MemoryLimit), options.MemoryLimit, required: false, errors);
        LimitNotBelowRequest(nameof(options.CpuLimit), options.CpuLimit, nameof(options.CpuRequest), options.CpuRequest, errors);
        LimitNotBelowRequest(nameof(options.MemoryLimit), options.MemoryLimit, nameof(options.MemoryRequest), options.MemoryRequest, errors);

        HeapHeadroom(memory, options, errors, warnings);

        if (string.IsNullOrWhiteSpace(options.NodeVmSize) || !VmSizePattern().IsMatch(options.NodeVmSize))
        {
            errors.Add($"{Prefix}NodeVmSize is '{options.NodeVmSize}', but it must be an Azure VM size name such as Standard_DS2_v2 (letters, digits, '_' and '-').");
        }

        InRange(nameof(options.NodeMinCount), options.NodeMinCount, 1, 1000, errors);
        InRange(nameof(options.NodeMaxCount), options.NodeMaxCount, 1, 1000, errors);
        if (options.NodeCount < options.NodeMinCount || options.NodeCount > options.NodeMaxCount)
        {
            errors.Add($"{Prefix}NodeCount is {options.NodeCount}, but it must be between NodeMinCount ({options.NodeMinCount}) and NodeMaxCount ({options.NodeMaxCount}).");
        }

        if (!string.IsNullOrEmpty(options.KubernetesVersion) && !KubernetesVersionPattern().IsMatch(options.KubernetesVersion))
        {
            errors.Add($"{Prefix}KubernetesVersion is '{options.KubernetesVersion}', but it must be empty (the AKS default) or MAJOR.MINOR[.PATCH], e.g. 1.33.");
        }
    }

    /// <summary>
    /// The JVM heap (<c>Memory</c>, the server's -Xmx) must fit in the container's memory limit with room for what the
    /// JVM uses besides the heap (metaspace, thread stacks, direct buffers, code cache, GC structures): a heap above 75 %
    /// of the limit, or leaving less than 256 MiB, gets the pod OOM-killed under load. 75 % is the upper end of the heap
    /// share the JVM's container support (-XX:MaxRAMPercentage) is commonly set to; the JVM's own default is 25 %.
    /// Above 50 % is legal but thin, and a heap above the memory request lets the scheduler place a member on a node
    /// where it does not fit.
    /// </summary>
    private static void HeapHeadroom(string? memory, KubernetesOptions options, ICollection<string> errors, ICollection<string> warnings)
    {
        // Memory's MB is the JVM's: mebibytes.
        if (memory is null || !memory.EndsWith("MB", StringComparison.Ordinal) ||
            !long.TryParse(memory[..^2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var heapMiB))
        {
            return;
        }

        var heap = heapMiB * 1024m * 1024m;
        if (!string.IsNullOrEmpty(options.MemoryLimit) && TryParse(options.MemoryLimit) is { } limit and > 0)
        {
            var largest = Math.Min(limit * 0.75m, limit - 256m * 1024 * 1024);
            if (heap > largest)
            {
                errors.Add($"MigratoryData:Memory is '{memory}', but with {Prefix}MemoryLimit '{options.MemoryLimit}' it must be at most " +
                           $"{Math.Max(0, Math.Floor(largest / 1024 / 1024)):0}MB: the heap may take at most 75 % of the memory limit and must leave " +
                           "at least 256 MiB for the JVM's other memory, or the pod is OOM-killed. Lower Memory or raise MemoryLimit.");
            }
            else if (heap > limit * 0.5m)
            {
                warnings.Add($"MigratoryData:Memory '{memory}' is more than half of {Prefix}MemoryLimit '{options.MemoryLimit}': little room is left " +
                             "for the JVM's memory besides the heap (threads, direct buffers, metaspace); watch for OOM kills or raise MemoryLimit.");
            }
        }

        if (TryParse(options.MemoryRequest) is { } request && heap > request)
        {
            warnings.Add($"MigratoryData:Memory '{memory}' is more than {Prefix}MemoryRequest '{options.MemoryRequest}': Kubernetes may schedule a member " +
                         "on a node without room for its heap. Raise MemoryRequest to at least the heap plus the JVM's overhead.");
        }
    }

    private static void OneOf(string key, string? value, IReadOnlyList<string> allowed, ICollection<string> errors)
    {
        // Exact case: Kubernetes rejects 'ifnotpresent', so accepting it here would only move the failure to deploy time.
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
        {
            errors.Add($"{Prefix}{key} is '{value}', but it must be one of: {string.Join(", ", allowed)}.");
        }
    }

    private static void InRange(string key, int value, int min, int max, ICollection<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Prefix}{key} is {value}, but it must be between {min} and {max}.");
        }
    }

    private static void Quantity(string key, string? value, bool required, ICollection<string> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Add($"{Prefix}{key} is empty, but it must be a Kubernetes quantity such as 500m, 0.5, 256Mi or 1Gi.");
            }

            return;
        }

        if (TryParse(value) is not { } parsed || parsed <= 0)
        {
            errors.Add($"{Prefix}{key} is '{value}', but it must be a positive Kubernetes quantity such as 500m, 0.5, 256Mi or 1Gi{(required ? "" : ", or empty for none")}.");
        }
    }

    private static void LimitNotBelowRequest(string limitKey, string? limit, string requestKey, string? request, ICollection<string> errors)
    {
        if (string.IsNullOrEmpty(limit) || TryParse(limit) is not { } l || TryParse(request) is not { } r)
        {
            return;
        }

        if (l < r)
        {
            errors.Add($"{Prefix}{limitKey} is '{limit}', but it must be at least {requestKey} ('{request}'), or empty for none.");
        }
    }

    /// <summary>The quantity's value, or null when Kubernetes would not accept the text.</summary>
    internal static decimal? TryParse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim() != value)
        {
            return null;
        }

        try
        {
            return new ResourceQuantity(value).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{1,63}$")]
    private static partial Regex VmSizePattern();

    // registry/path:tag or @sha256 digest; no whitespace, no quotes (the value goes into YAML as is).
    [GeneratedRegex(@"^[a-z0-9]([a-z0-9._/-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9._-]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$")]
    private static partial Regex PinnedImagePattern();

    [GeneratedRegex(@"^\d+\.\d+(\.\d+)?$")]
    private static partial Regex KubernetesVersionPattern();
}
