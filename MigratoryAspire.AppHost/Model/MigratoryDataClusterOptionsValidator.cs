using System.Text.RegularExpressions;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Model;

/// <summary>The outcome of validating a cluster's settings: errors stop the AppHost; warnings are logged once.</summary>
/// <param name="Errors">Invalid settings, each naming the key, the value given and what is allowed.</param>
/// <param name="Warnings">Legal settings that hide an operational trap.</param>
internal sealed record OptionsValidationResult(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>
/// Every rule a cluster's settings must meet, in one pure place, run once before anything starts or is written.
/// </summary>
internal partial class MigratoryDataClusterOptionsValidator
{
    /// <summary>The most members a cluster may list: each is a container locally and a pod name in ClusterMembers.</summary>
    public const int MaxMembers = 16;

    /// <summary>The log levels the server accepts.</summary>
    public static IReadOnlyList<string> LogLevels { get; } = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

    private const string P = MigratoryDataClusterOptions.SectionName + ":";

    /// <summary>Checks the settings of the cluster named <paramref name="clusterName"/>.</summary>
    public static OptionsValidationResult Validate(string clusterName, MigratoryDataClusterOptions o)
    {
        var errors = new List<string>();
        var warnings = new List<string>();

        ValidateNames(clusterName, o, errors);
        ValidateShape(o, errors, warnings);
        ValidateServerParameters(o, errors);
        ValidatePorts(o, errors);
        ValidateImage(o, errors, warnings);
        KubernetesOptionsValidator.Validate(o.Kubernetes, o.Memory, errors, warnings);

        return new OptionsValidationResult(errors, warnings);
    }

    private static void ValidateNames(string clusterName, MigratoryDataClusterOptions o, List<string> errors)
    {
        // Member names are the cluster name plus "-N"; as pod names they must stay DNS labels. StatefulSet names are
        // further limited to 52 characters, because the controller adds a revision hash to a 63-character label.
        if (!IsDnsLabel(clusterName) || clusterName.Length > 52)
        {
            errors.Add($"The cluster name is '{clusterName}', but it must be a Kubernetes DNS label of at most 52 characters: " +
                       "lower-case letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'migratorydata').");
        }
        if (!IsDnsLabel(o.Namespace))
        {
            errors.Add($"{P}Namespace is '{o.Namespace}', but it must be a Kubernetes DNS label of at most 63 characters: " +
                       "lower-case letters, digits and '-', starting with a letter and ending with a letter or digit (e.g. 'migratory').");
        }
    }

    private static void ValidateShape(MigratoryDataClusterOptions o, List<string> errors, List<string> warnings)
    {
        if (o.MaxReplicas < 1 || o.MaxReplicas > MaxMembers)
        {
            errors.Add($"{P}MaxReplicas is {o.MaxReplicas}, but it must be between 1 and {MaxMembers}.");
        }
        if (o.Replicas < 1 || o.Replicas > o.MaxReplicas)
        {
            errors.Add($"{P}Replicas is {o.Replicas}, but it must be between 1 and MaxReplicas ({o.MaxReplicas}).");
        }
        // With the two checks above: the scale bounds of ClusterRules (MinAvailable ≤ Replicas ≤ MaxReplicas) hold from the
        // start, as the scale command keeps them. Each bound is reported on its own, so every error shows at once.
        if (o.MinAvailable < 1 || o.MinAvailable > o.Replicas)
        {
            errors.Add($"{P}MinAvailable is {o.MinAvailable}, but it must be between 1 and Replicas ({o.Replicas}).");
        }
        if (o.SeedMemberCount is not (3 or 5))
        {
            errors.Add($"{P}SeedMemberCount is {o.SeedMemberCount}, but it must be 3 or 5 (ClusterSeedMemberCount).");
        }
        if (!Enum.IsDefined(o.DeliveryMode))
        {
            errors.Add($"{P}DeliveryMode is '{o.DeliveryMode}', but it must be Standard or Guaranteed.");
        }

        if (o.DeliveryMode == DeliveryMode.Guaranteed)
        {
            // Guaranteed delivery needs seeds, and seeds need at least three members.
            if (o.Replicas < 3)
            {
                errors.Add($"{P}Replicas is {o.Replicas}, but Guaranteed delivery needs at least 3 members; " +
                           $"for a 1- or 2-member development cluster set {P}DeliveryMode=Standard.");
            }
            if (o.SeedMemberCount is 3 or 5 && o.SeedMemberCount > o.MaxReplicas)
            {
                errors.Add($"{P}SeedMemberCount is {o.SeedMemberCount}, but it must not exceed MaxReplicas ({o.MaxReplicas}).");
            }
            if (o.SeedMemberCount is 3 or 5 && o.MinAvailable < o.SeedMemberCount)
            {
                errors.Add($"{P}MinAvailable is {o.MinAvailable}, but with Guaranteed delivery it must be at least the number " +
                           $"of seed members, SeedMemberCount ({o.SeedMemberCount}), so that a voluntary disruption never takes down a seed majority.");
            }
        }
        else if (o.Replicas == 1)
        {
            warnings.Add($"{P}Replicas is 1: a single member has no fault tolerance (Standard delivery needs 2 members for that). " +
                         "Fine for development, not for production.");
        }

        // The budget's eviction rule (ClusterRules): with every member healthy, does a drain have a disruption to spend?
        if (o.MinAvailable >= 1 && o.MinAvailable <= o.Replicas && ClusterRules.DisruptionsAllowed(o.Replicas, o.MinAvailable) == 0)
        {
            warnings.Add($"{P}MinAvailable ({o.MinAvailable}) equals Replicas ({o.Replicas}): the PodDisruptionBudget then allows no " +
                         "voluntary eviction while all members run, so every node drain and AKS node-image or version upgrade blocks. " +
                         "Run more members than MinAvailable (e.g. Replicas=4) or accept that upgrades need a manual step.");
        }
    }

    private static void ValidateServerParameters(MigratoryDataClusterOptions o, List<string> errors)
    {
        if (!MemoryPattern().IsMatch(o.Memory ?? ""))
        {
            errors.Add($"{P}Memory is '{o.Memory}', but it must be a whole number of megabytes followed by MB, with no space (e.g. 128MB, 8192MB).");
        }
        if (!LogLevels.Contains(o.LogLevel?.ToUpperInvariant() ?? ""))
        {
            errors.Add($"{P}LogLevel is '{o.LogLevel}', but it must be one of {string.Join(", ", LogLevels)}.");
        }
        if (string.IsNullOrEmpty(o.MonitorUsername) || o.MonitorUsername.Any(char.IsWhiteSpace) || o.MonitorUsername.IndexOfAny(['&', '*', '?', '[']) >= 0)
        {
            errors.Add($"{P}MonitorUsername is '{o.MonitorUsername}', but it must be non-empty, without whitespace, '&', '*', '?' or '[' " +
                       "(it is passed as -DMonitorUsername, which the image splits like a shell word list, and in the scrape URL).");
        }

        foreach (var (name, value) in o.ExtraOptions)
        {
            if (!ParameterNamePattern().IsMatch(name))
            {
                errors.Add($"{P}ExtraOptions:{name} is not a valid server parameter name: use letters, digits and '.', starting with a letter (e.g. ExtraOptions:Entitlement).");
            }
            else if (ServerParameters.ManagedParameters.Contains(name))
            {
                errors.Add($"{P}ExtraOptions:{name} sets a parameter this project manages; use the dedicated setting instead " +
                           "(Memory, DeliveryMode, LogLevel, ConnectionOffload, SeedMemberCount, ClientPort, MetricsPort, MonitorUsername, " +
                           "or the license-key / cluster-password / monitor-password secret parameters).");
            }
            if (string.IsNullOrEmpty(value) || value.Any(char.IsWhiteSpace))
            {
                errors.Add($"{P}ExtraOptions:{name} is '{value}', but a server parameter value must be non-empty and contain no whitespace " +
                           "(MIGRATORYDATA_EXTRA_OPTS is split on spaces and takes no quotes).");
            }
            else if (value.IndexOfAny(['*', '?', '[']) >= 0)
            {
                // The image's start script splits the options like a shell word list, where these are file-name patterns.
                errors.Add($"{P}ExtraOptions:{name} is '{value}', but a server parameter value must not contain '*', '?' or '[': " +
                           "the image splits MIGRATORYDATA_EXTRA_OPTS like a shell word list, where they would match file names.");
            }
        }

        foreach (var (key, value) in new[]
                 {
                     ("JavaGcLogOptions", o.JavaGcLogOptions), ("JavaGcOptions", o.JavaGcOptions), ("JavaExtraOptions", o.JavaExtraOptions),
                 })
        {
            if (value is not null && (value.Contains('\n') || value.Contains('\r') || value.Contains('"')))
            {
                errors.Add($"{P}{key} must be JVM flags on one line, separated by spaces, without quotes.");
            }
        }
    }

    private static void ValidatePorts(MigratoryDataClusterOptions o, List<string> errors)
    {
        var ports = new List<(string Key, int First, int Last)>
        {
            ("ClientPort", o.ClientPort, o.ClientPort),
            ("ClusterPort", o.ClusterPort, o.ClusterPort + ClusterPorts.ClusterPortCount - 1),
            ("MetricsPort", o.MetricsPort, o.MetricsPort),
        };
        foreach (var (key, first, last) in ports)
        {
            if (first < 1 || last > 65535)
            {
                var what = first == last ? "" : $" (it uses {ClusterPorts.ClusterPortCount} ports from it)";
                errors.Add($"{P}{key} is {first}, but it must be a TCP port from 1 to {65535 - (last - first)}{what}.");
            }
        }
        for (var i = 0; i < ports.Count; i++)
        {
            for (var j = i + 1; j < ports.Count; j++)
            {
                if (ports[i].First <= ports[j].Last && ports[j].First <= ports[i].Last)
                {
                    errors.Add($"{P}{ports[i].Key} ({Range(ports[i])}) overlaps {P}{ports[j].Key} ({Range(ports[j])}); " +
                               $"the client port, the {ClusterPorts.ClusterPortCount} cluster ports and the metrics port must all differ.");
                }
            }
        }

        static string Range((string Key, int First, int Last) p) => p.First == p.Last ? $"{p.First}" : $"{p.First}-{p.Last}";
    }

    private static void ValidateImage(MigratoryDataClusterOptions o, List<string> errors, List<string> warnings)
    {
        // The kubelet and the container engines refuse what the OCI reference grammar refuses (e.g. upper case in a
        // repository path), so a bad value would otherwise surface only as a pod that never pulls.
        if (ImageReference.CheckName(o.Image) is { } problem)
        {
            errors.Add($"{P}Image is '{o.Image}', but it must be an image name without tag, [registry-host[:port]/]path, " +
                       $"with a lower-case path (e.g. migratorydata/server, myregistry.azurecr.io/migratorydata/server): {problem}.");
        }
        if (!ImageReference.IsTagOrDigest(o.Tag))
        {
            errors.Add($"{P}Tag is '{o.Tag}', but it must be an image tag (letters, digits, '_', '.' and '-', not starting with '.' or '-', " +
                       "at most 128 characters, e.g. 6.0.24) or a digest (sha256: and 64 lower-case hex digits).");
        }
        else if (o.Tag == "latest")
        {
            warnings.Add($"{P}Tag is 'latest': members may run different server versions after a restart, and Kubernetes' " +
                         "IfNotPresent pull policy never updates it. Pin a version (e.g. 6.0.24).");
        }
    }

    /// <summary>Whether <paramref name="value"/> is an RFC 1123 label, as Kubernetes requires for names.</summary>
    public static bool IsDnsLabel(string? value) => value is { Length: > 0 and <= 63 } && DnsLabelPattern().IsMatch(value);

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabelPattern();

    [GeneratedRegex("^[1-9][0-9]{0,6}MB$")]
    private static partial Regex MemoryPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._]*$")]
    private static partial Regex ParameterNamePattern();
}
