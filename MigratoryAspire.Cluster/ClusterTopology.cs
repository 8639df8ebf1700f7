namespace MigratoryAspire.Cluster;

/// <summary>
/// The shape of a MigratoryData cluster, computed once and asked by the local run, the publisher and the monitor:
/// member names, seed members, <c>ClusterMemberListen</c>, <c>ClusterMembers</c> and the failures the cluster tolerates.
/// </summary>
/// <remarks>
/// <para>The rules, from MigratoryData's clustering concepts page and the AKS tutorial:</para>
/// <list type="bullet">
/// <item><c>ClusterMembers</c> lists every member that may ever run (MaxReplicas of them, the tutorial's MAX_REPLICAS), at its
/// first cluster port, in the same order on every member; <c>ClusterMemberListen</c> is the member's own entry.</item>
/// <item>Seeds (Guaranteed only) are the first 3 entries of a 3- or 4-member list and the first 5 of a longer one;
/// <c>ClusterSeedMemberCount=3</c> lowers 5 to 3. Validation keeps SeedMemberCount at 3 or 5 and within MaxReplicas,
/// so here the seeds are simply the first SeedMemberCount members.</item>
/// <item>Standard delivery survives any failure while one member is up. Guaranteed delivery survives while a majority
/// of the seeds is up (the vendor page's sentence is cut off in our copy after "as long as a"; a seed majority is the
/// reading that matches its 3/5 seed counts, and it is the rule this type applies).</item>
/// </list>
/// </remarks>
public sealed class ClusterTopology
{
    private ClusterTopology(string name, int replicas, int maxReplicas, int seedMemberCount, int seedCount, DeliveryMode deliveryMode, int clusterPort)
    {
        Name = name;
        SeedMemberCount = seedMemberCount;
        Replicas = replicas;
        MaxReplicas = maxReplicas;
        DeliveryMode = deliveryMode;
        ClusterPort = clusterPort;
        SeedCount = seedCount;
        ClusterPortRange = ClusterPorts.ClusterRange(clusterPort);
        Members = Enumerable.Range(0, maxReplicas)
            .Select(i => new ClusterMember(i, MemberName(name, i), i < seedCount, i < replicas))
            .ToArray();
    }

    /// <summary>The cluster's name: the StatefulSet name and the prefix of every member name.</summary>
    public string Name { get; }

    /// <summary>Members that run from the start.</summary>
    public int Replicas { get; }

    /// <summary>Members listed in <c>ClusterMembers</c>: the most the cluster can grow to.</summary>
    public int MaxReplicas { get; }

    /// <summary>The delivery mode the members run with.</summary>
    public DeliveryMode DeliveryMode { get; }

    /// <summary>The first inter-cluster port, named in ClusterMemberListen and ClusterMembers.</summary>
    public int ClusterPort { get; }

    /// <summary>The inter-cluster ports every member listens on: <see cref="ClusterPort"/> and the three after it (8801–8804).</summary>
    public IReadOnlyList<int> ClusterPortRange { get; }

    /// <summary>
    /// The ClusterSeedMemberCount setting as given. Standard mode makes no member a seed (<see cref="SeedCount"/> is 0), but
    /// the setting is still passed on, so it is kept here rather than rebuilt from the seeds.
    /// </summary>
    public int SeedMemberCount { get; }

    /// <summary>Seed members: the first entries of ClusterMembers (0 in Standard mode, where order does not matter).</summary>
    public int SeedCount { get; }

    /// <summary>Seeds that must stay up for Guaranteed delivery: a strict majority of <see cref="SeedCount"/>.</summary>
    public int SeedQuorum => SeedCount == 0 ? 0 : SeedCount / 2 + 1;

    /// <summary>Every member slot, in ClusterMembers order.</summary>
    public IReadOnlyList<ClusterMember> Members { get; }

    /// <summary>The seed members, in order.</summary>
    public IEnumerable<ClusterMember> Seeds => Members.Where(m => m.IsSeed);

    /// <summary>
    /// Computes a topology. Inputs are expected to be validated already (see the AppHost's options validator);
    /// this method only guards against values no cluster can have.
    /// </summary>
    /// <param name="name">The cluster name, e.g. <c>migratorydata</c>.</param>
    /// <param name="replicas">Members that run from the start.</param>
    /// <param name="maxReplicas">Members listed in ClusterMembers.</param>
    /// <param name="seedMemberCount">ClusterSeedMemberCount: 3 or 5 (ignored in Standard mode).</param>
    /// <param name="deliveryMode">Standard or Guaranteed.</param>
    /// <param name="clusterPort">The first inter-cluster port (8801).</param>
    public static ClusterTopology Create(
        string name, int replicas, int maxReplicas, int seedMemberCount, DeliveryMode deliveryMode, int clusterPort = ClusterPorts.DefaultCluster)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxReplicas, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicas, maxReplicas);
        var seeds = deliveryMode == DeliveryMode.Guaranteed ? Math.Min(seedMemberCount, maxReplicas) : 0;
        return new ClusterTopology(name, replicas, maxReplicas, seedMemberCount, seeds, deliveryMode, clusterPort);
    }

    /// <summary>The member name for an ordinal: <c>{cluster}-{ordinal}</c>, as a StatefulSet names its pods.</summary>
    public static string MemberName(string clusterName, int ordinal) => $"{clusterName}-{ordinal}";

    /// <summary>
    /// The member names for ordinals, in the order given and separated by <c>", "</c>: how messages and the dashboard
    /// list members, e.g. <c>migratorydata-0, migratorydata-1</c>.
    /// </summary>
    /// <param name="ordinals">The members' ordinals.</param>
    public string MemberNames(IEnumerable<int> ordinals) => string.Join(", ", ordinals.Select(o => MemberName(Name, o)));

    /// <summary>
    /// The host name of a member: <c>{member}</c>, or <c>{member}.{domain}</c> with a DNS domain. The one place a member's
    /// name becomes an address, for the cluster ports, the client port and the metrics port alike.
    /// </summary>
    /// <param name="ordinal">The member's ordinal.</param>
    /// <param name="domain">The DNS domain after the member name (the headless service's, in Kubernetes); none locally,
    /// where the container network resolves member names directly.</param>
    public string MemberHost(int ordinal, string? domain = null) =>
        string.IsNullOrEmpty(domain) ? MemberName(Name, ordinal) : $"{MemberName(Name, ordinal)}.{domain}";

    /// <summary>A member's address on a port: <c>{member}[.{domain}]:{port}</c>.</summary>
    /// <param name="ordinal">The member's ordinal.</param>
    /// <param name="port">The port.</param>
    /// <param name="domain">See <see cref="MemberHost"/>.</param>
    public string MemberAddress(int ordinal, int port, string? domain) =>
        $"{MemberHost(ordinal, domain)}:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The address other members use for a member: <c>{member}[.{domain}]:{clusterPort}</c>.</summary>
    /// <param name="ordinal">The member's ordinal.</param>
    /// <param name="domain">See <see cref="MemberHost"/>.</param>
    public string MemberAddress(int ordinal, string? domain = null) => MemberAddress(ordinal, ClusterPort, domain);

    /// <summary>The member's <c>ClusterMemberListen</c> value.</summary>
    public string ClusterMemberListen(int ordinal, string? domain = null) => MemberAddress(ordinal, domain);

    /// <summary>The <c>ClusterMembers</c> value: every member slot, the same list and order on every member.</summary>
    public string ClusterMembers(string? domain = null) =>
        string.Join(',', Members.Select(m => MemberAddress(m.Ordinal, domain)));

    /// <summary>
    /// The cluster's health against a desired replica count (see <see cref="ClusterRules"/>): the first
    /// <paramref name="desiredReplicas"/> members should be up; others count while they are.
    /// </summary>
    /// <param name="upOrdinals">Ordinals of the members that are up (healthy).</param>
    /// <param name="desiredReplicas">The desired replica count (the StatefulSet's <c>spec.replicas</c>).</param>
    public ClusterHealth Evaluate(IEnumerable<int> upOrdinals, int desiredReplicas) =>
        Evaluate(upOrdinals, ClusterRules.DesiredMembers(desiredReplicas));

    /// <summary>The cluster's health when the members with the given ordinals are up.</summary>
    /// <param name="upOrdinals">Ordinals of the members that are up (healthy).</param>
    /// <param name="expectedOrdinals">Ordinals of the members that should be up; defaults to the first <see cref="Replicas"/>.</param>
    public ClusterHealth Evaluate(IEnumerable<int> upOrdinals, IEnumerable<int>? expectedOrdinals = null)
    {
        var up = upOrdinals.Where(i => i >= 0 && i < MaxReplicas).ToHashSet();
        var expected = (expectedOrdinals ?? Enumerable.Range(0, Replicas)).Where(i => i >= 0 && i < MaxReplicas).ToHashSet();
        expected.UnionWith(up); // a member that runs is expected to keep running

        var seedsUp = Seeds.Count(s => up.Contains(s.Ordinal));
        var guaranteed = DeliveryMode == DeliveryMode.Guaranteed && seedsUp >= SeedQuorum;

        // Worst case: the next failures hit seeds first (Guaranteed), and one member must stay up (both modes).
        var tolerated = DeliveryMode == DeliveryMode.Guaranteed
            ? Math.Min(seedsUp - SeedQuorum, up.Count - 1)
            : up.Count - 1;
        var available = up.Count > 0 && (DeliveryMode == DeliveryMode.Standard || guaranteed);

        var state = !available ? ClusterState.Unavailable
            : expected.IsSubsetOf(up) ? ClusterState.Running
            : ClusterState.Degraded;
        return new ClusterHealth(state, up.Count, expected.Count, MaxReplicas, seedsUp, SeedQuorum, guaranteed,
            available ? Math.Max(0, tolerated) : 0);
    }
}
