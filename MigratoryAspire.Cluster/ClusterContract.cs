using System.Globalization;

namespace MigratoryAspire.Cluster;

/// <summary>
/// The cluster as a process outside it (the monitor) needs it: the topology's inputs (name, replicas, seeds, delivery mode,
/// cluster port) and every member's name, ordinal and endpoints. The local run and the publisher write it with
/// <see cref="ClusterContractVariables"/>; the monitor binds it back from the same keys, which are this type's property names.
/// </summary>
public class ClusterContract
{
    /// <summary>The cluster name, as the member names are built from it.</summary>
    public string ClusterName { get; set; } = "";

    /// <summary>Members that run from the start; the others count only while they are up.</summary>
    public int Replicas { get; set; }

    /// <summary>Member slots in ClusterMembers.</summary>
    public int MaxReplicas { get; set; }

    /// <summary>ClusterSeedMemberCount (Guaranteed delivery only).</summary>
    public int SeedMemberCount { get; set; } = 3;

    /// <summary>The cluster's delivery mode.</summary>
    public DeliveryMode DeliveryMode { get; set; } = DeliveryMode.Standard;

    /// <summary>The first inter-cluster port (part of the topology; the monitor does not connect to it).</summary>
    public int ClusterPort { get; set; } = ClusterPorts.DefaultCluster;

    /// <summary>The members to watch.</summary>
    public List<MemberTarget> Members { get; set; } = [];

    /// <summary>The cluster's topology: the rules for members up, seeds and failures tolerated.</summary>
    /// <exception cref="ArgumentException">The values make no topology (e.g. no name, or Replicas above MaxReplicas).</exception>
    public ClusterTopology ToTopology() =>
        ClusterTopology.Create(ClusterName, Replicas, MaxReplicas, SeedMemberCount, DeliveryMode, ClusterPort);

    /// <summary>
    /// The contract of a cluster whose members are reached at DNS names, as in Kubernetes: member <c>i</c> at
    /// <see cref="ClusterTopology.MemberHost"/><c>(i, domain)</c>, metrics at <c>http://{host}:{metricsPort}</c>, client port
    /// at <c>{host}:{clientPort}</c>. Every member slot (MaxReplicas) is listed: the ones not running count as absent.
    /// </summary>
    /// <param name="topology">The cluster's topology.</param>
    /// <param name="domain">The DNS domain after each member name, e.g. <c>migratorydata-hs.migratory.svc</c>.</param>
    /// <param name="clientPort">The members' client port (8800).</param>
    /// <param name="metricsPort">The members' Prometheus port (9900).</param>
    public static ClusterContract AtDnsNames(ClusterTopology topology, string domain, int clientPort, int metricsPort)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        var contract = From(topology);
        contract.Members = topology.Members.Select(m => new MemberTarget
        {
            Name = m.Name,
            Ordinal = m.Ordinal,
            MetricsUrl = "http://" + topology.MemberAddress(m.Ordinal, metricsPort, domain),
            ClientAddress = topology.MemberAddress(m.Ordinal, clientPort, domain),
        }).ToList();
        return contract;
    }

    /// <summary>The cluster-wide part of the contract of a topology, with no members yet.</summary>
    /// <param name="topology">The cluster's topology.</param>
    public static ClusterContract From(ClusterTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return new ClusterContract
        {
            ClusterName = topology.Name,
            Replicas = topology.Replicas,
            MaxReplicas = topology.MaxReplicas,
            SeedMemberCount = topology.SeedMemberCount,
            DeliveryMode = topology.DeliveryMode,
            ClusterPort = topology.ClusterPort,
        };
    }
}

/// <summary>
/// The one mapping between <see cref="ClusterContract"/> and environment variables: <c>Monitor__{Property}</c> for the
/// cluster and <c>Monitor__Members__{index}__{Property}</c> per member, the keys .NET configuration binds to the
/// <c>Monitor</c> section. Values are written invariantly (numbers in the invariant culture, the delivery mode by name).
/// </summary>
public static class ClusterContractVariables
{
    /// <summary>The configuration section the monitor binds the contract from.</summary>
    public const string Section = "Monitor";

    private const string Prefix = Section + "__";

    /// <summary>The variable of a cluster-wide setting or monitor option, e.g. <c>Monitor__ClusterName</c>.</summary>
    /// <param name="property">The property name.</param>
    public static string Key(string property) => Prefix + property;

    /// <summary>The variable of a member's property, e.g. <c>Monitor__Members__0__MetricsUrl</c>.</summary>
    /// <param name="index">The member's index in <see cref="ClusterContract.Members"/>.</param>
    /// <param name="property">A <see cref="MemberTarget"/> property name.</param>
    public static string MemberKey(int index, string property) =>
        $"{Prefix}{nameof(ClusterContract.Members)}__{index.ToString(CultureInfo.InvariantCulture)}__{property}";

    /// <summary>The cluster-wide variables: name, replicas, seeds, delivery mode, cluster port.</summary>
    /// <param name="contract">The contract.</param>
    public static IEnumerable<KeyValuePair<string, string>> ForCluster(ClusterContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        yield return new(Key(nameof(ClusterContract.ClusterName)), contract.ClusterName);
        yield return new(Key(nameof(ClusterContract.Replicas)), Invariant(contract.Replicas));
        yield return new(Key(nameof(ClusterContract.MaxReplicas)), Invariant(contract.MaxReplicas));
        yield return new(Key(nameof(ClusterContract.SeedMemberCount)), Invariant(contract.SeedMemberCount));
        yield return new(Key(nameof(ClusterContract.DeliveryMode)), contract.DeliveryMode.ToString());
        yield return new(Key(nameof(ClusterContract.ClusterPort)), Invariant(contract.ClusterPort));
    }

    /// <summary>Every variable of the contract: the cluster's, then each member's (an unset InstanceId is left out).</summary>
    /// <param name="contract">The contract.</param>
    public static IEnumerable<KeyValuePair<string, string>> For(ClusterContract contract)
    {
        foreach (var variable in ForCluster(contract))
        {
            yield return variable;
        }

        for (var i = 0; i < contract.Members.Count; i++)
        {
            var m = contract.Members[i];
            yield return new(MemberKey(i, nameof(MemberTarget.Name)), m.Name);
            yield return new(MemberKey(i, nameof(MemberTarget.Ordinal)), Invariant(m.Ordinal));
            yield return new(MemberKey(i, nameof(MemberTarget.MetricsUrl)), m.MetricsUrl);
            yield return new(MemberKey(i, nameof(MemberTarget.ClientAddress)), m.ClientAddress);
            if (!string.IsNullOrEmpty(m.InstanceId))
            {
                yield return new(MemberKey(i, nameof(MemberTarget.InstanceId)), m.InstanceId);
            }
        }
    }

    /// <summary>
    /// Reads a contract back from variables written by <see cref="For"/> (other variables are ignored). The monitor itself
    /// binds the same keys with .NET configuration; this reader is for tools and tests that hold plain variables.
    /// </summary>
    /// <param name="variables">The environment variables.</param>
    /// <exception cref="FormatException">A number or the delivery mode does not parse.</exception>
    public static ClusterContract Parse(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        string? Get(string key) => variables.TryGetValue(key, out var v) ? v : null;
        var contract = new ClusterContract();
        contract.ClusterName = Get(Key(nameof(ClusterContract.ClusterName))) ?? "";
        contract.Replicas = Int(Get(Key(nameof(ClusterContract.Replicas))), contract.Replicas);
        contract.MaxReplicas = Int(Get(Key(nameof(ClusterContract.MaxReplicas))), contract.MaxReplicas);
        contract.SeedMemberCount = Int(Get(Key(nameof(ClusterContract.SeedMemberCount))), contract.SeedMemberCount);
        contract.ClusterPort = Int(Get(Key(nameof(ClusterContract.ClusterPort))), contract.ClusterPort);
        if (Get(Key(nameof(ClusterContract.DeliveryMode))) is { } mode)
        {
            contract.DeliveryMode = Enum.Parse<DeliveryMode>(mode, ignoreCase: true);
        }

        for (var i = 0; Get(MemberKey(i, nameof(MemberTarget.Name))) is { } name; i++)
        {
            contract.Members.Add(new MemberTarget
            {
                Name = name,
                Ordinal = Int(Get(MemberKey(i, nameof(MemberTarget.Ordinal))), 0),
                MetricsUrl = Get(MemberKey(i, nameof(MemberTarget.MetricsUrl))) ?? "",
                ClientAddress = Get(MemberKey(i, nameof(MemberTarget.ClientAddress))) ?? "",
                InstanceId = Get(MemberKey(i, nameof(MemberTarget.InstanceId))),
            });
        }

        return contract;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Int(string? text, int fallback) =>
        text is null ? fallback : int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
