using System.Text.RegularExpressions;
using k8s.Models;

namespace MigratoryAspire.AppHost.Model;

/// <summary>Checks the publish-only settings (<c>MigratoryData:Kubernetes:*</c>); the main options validator calls it.</summary>
internal static partial class KubernetesOptionsValidator
{
    private const string Prefix = "MigratoryData:Kubernetes:";

    /// <summary>Adds one message per invalid setting, each naming the key, the value given and what is allowed.</summary>
    internal static void Validate(KubernetesOptions options, ICollection<string> errors)
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
