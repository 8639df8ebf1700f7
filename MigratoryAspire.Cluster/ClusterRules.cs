using System.Globalization;

namespace MigratoryAspire.Cluster;

/// <summary>
/// The operating rules of a cluster, as the tutorial's StatefulSet, PodDisruptionBudget and node drain apply them:
/// the scale bounds, the eviction rule, what a rolling restart may do, and the members the cluster wants running.
/// Pure: the local commands, the settings validation and both state computations (AppHost and monitor) ask it.
/// </summary>
/// <remarks>
/// <para>Sources: the tutorial ("you cannot set replicas above MAX_REPLICAS nor below minAvailable"); Kubernetes'
/// eviction API (an eviction is allowed while the budget's healthy members minus <c>minAvailable</c> is at least 1; an
/// unhealthy member may be evicted while the budget is met, the default <c>IfHealthyBudget</c> policy); the StatefulSet
/// controller's <c>OrderedReady</c> policy (scale up in ordinal order, each after the previous is Running and Ready;
/// scale down from the highest ordinal; a rollout replaces from the highest ordinal down, one at a time, and waits while
/// any member is not Ready).</para>
/// <para>The desired count is the StatefulSet's <c>spec.replicas</c>: <c>Replicas</c> at start, changed only by scale.
/// A stop, a crash or a drain is a disruption against it, so the cluster is Degraded until the member is back; a member
/// started beyond it counts while it runs and is not missed when it stops.</para>
/// </remarks>
public sealed class ClusterRules
{
    /// <summary>Creates the rules of a cluster.</summary>
    /// <param name="topology">The cluster's topology (MaxReplicas, seeds, delivery mode).</param>
    /// <param name="minAvailable">The PodDisruptionBudget's <c>minAvailable</c> (the tutorial's minAvailable), at least 1.</param>
    /// <param name="settingPrefix">Prefix of setting names in messages, e.g. <c>MigratoryData:</c>.</param>
    public ClusterRules(ClusterTopology topology, int minAvailable, string settingPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(topology);
        Topology = topology;
        MinAvailable = minAvailable;
        SettingPrefix = settingPrefix;
    }

    /// <summary>The cluster's topology.</summary>
    public ClusterTopology Topology { get; }

    /// <summary>The PodDisruptionBudget's <c>minAvailable</c>: the least members that must stay healthy through a voluntary disruption.</summary>
    public int MinAvailable { get; }

    /// <summary>Prefix of setting names in messages.</summary>
    public string SettingPrefix { get; }

    /// <summary>The members the cluster wants running for a desired replica count: ordinals 0 to <paramref name="desiredReplicas"/> − 1.</summary>
    public static IReadOnlyList<int> DesiredMembers(int desiredReplicas) => Enumerable.Range(0, Math.Max(0, desiredReplicas)).ToArray();

    /// <summary>
    /// How many members the PodDisruptionBudget lets go now: healthy members minus <c>minAvailable</c>, never below 0
    /// (the budget's <c>disruptionsAllowed</c>).
    /// </summary>
    /// <param name="currentHealthy">Members healthy now.</param>
    public int DisruptionsAllowed(int currentHealthy) => DisruptionsAllowed(currentHealthy, MinAvailable);

    /// <summary>The budget's <c>disruptionsAllowed</c> for the given numbers: <paramref name="currentHealthy"/> − <paramref name="minAvailable"/>, at least 0.</summary>
    /// <param name="currentHealthy">Members healthy now.</param>
    /// <param name="minAvailable">The budget's <c>minAvailable</c>.</param>
    public static int DisruptionsAllowed(int currentHealthy, int minAvailable) => Math.Max(0, currentHealthy - minAvailable);

    /// <summary>Whether <paramref name="replicas"/> is within the scale bounds, MinAvailable ≤ N ≤ MaxReplicas.</summary>
    /// <param name="replicas">A replica count (the initial Replicas, or a scale target).</param>
    public bool IsWithinScaleBounds(int replicas) => replicas >= MinAvailable && replicas <= Topology.MaxReplicas;

    /// <summary>
    /// Reads a requested replica count: a whole number within MinAvailable ≤ N ≤ MaxReplicas. Returns null and the
    /// refusal, naming the bound, otherwise.
    /// </summary>
    /// <param name="text">The value given, e.g. <c>4</c>.</param>
    /// <param name="refusal">Why the value is refused; null when it is accepted.</param>
    public int? ParseReplicas(string? text, out string? refusal)
    {
        var bounds = $"from {SettingPrefix}MinAvailable ({MinAvailable}) to {SettingPrefix}MaxReplicas ({Topology.MaxReplicas})";
        if (!int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var replicas))
        {
            refusal = $"replicas is '{text}', but it must be a whole number {bounds}.";
            return null;
        }
        if (replicas > Topology.MaxReplicas)
        {
            refusal = $"replicas is {replicas}, but it must not exceed {SettingPrefix}MaxReplicas ({Topology.MaxReplicas}): ClusterMembers lists " +
                      $"{Topology.MaxReplicas} members, and the tutorial cannot scale above MAX_REPLICAS. Allowed: {bounds}.";
            return null;
        }
        if (replicas < MinAvailable)
        {
            refusal = $"replicas is {replicas}, but it must not be below {SettingPrefix}MinAvailable ({MinAvailable}): the PodDisruptionBudget " +
                      $"keeps at least {MinAvailable} members, and the tutorial cannot scale below minAvailable. Allowed: {bounds}.";
            return null;
        }
        refusal = null;
        return replicas;
    }

    /// <summary>
    /// Plans <c>kubectl scale statefulset --replicas=N</c>: the members to start (ascending, each after the previous is
    /// healthy) or to stop (descending), or a refusal. The count must already be within the bounds (<see cref="ParseReplicas"/>).
    /// </summary>
    /// <param name="now">The cluster now.</param>
    /// <param name="replicas">The new desired count.</param>
    public ScalePlan PlanScale(ClusterStatus now, int replicas)
    {
        ArgumentNullException.ThrowIfNull(now);
        if (!IsWithinScaleBounds(replicas))
        {
            return ScalePlan.Refuse($"replicas {replicas} is outside {SettingPrefix}MinAvailable ({MinAvailable}) to {SettingPrefix}MaxReplicas ({Topology.MaxReplicas}).");
        }

        // OrderedReady: a member is created or removed only while every member below it is Running and Ready.
        var keep = Math.Min(now.DesiredReplicas, replicas);
        var notReady = NotReady(now, keep);
        if (notReady.Length > 0)
        {
            return ScalePlan.Refuse($"{NotReadyPhrase(now, notReady)}; with podManagementPolicy OrderedReady the StatefulSet scales only while every member " +
                "below the ones it adds or removes is ready. Bring it back first (uncordon, or Start).");
        }
        var start = Enumerable.Range(now.DesiredReplicas, Math.Max(0, replicas - now.DesiredReplicas)).ToArray();
        var cordoned = start.Where(now.Cordoned.Contains).ToArray();
        if (cordoned.Length > 0)
        {
            return ScalePlan.Refuse($"{MembersAre(cordoned)} drained (cordoned); uncordon first.");
        }

        var stop = Enumerable.Range(replicas, Math.Max(0, now.DesiredReplicas - replicas)).Reverse().ToArray();
        return new ScalePlan(null, start, stop);
    }

    /// <summary>
    /// Decides an eviction, as the eviction API does for <c>kubectl drain</c> of the member's node: allowed while the
    /// PodDisruptionBudget keeps <c>minAvailable</c> healthy members after it; otherwise refused with the budget's numbers.
    /// </summary>
    /// <param name="now">The cluster now.</param>
    /// <param name="ordinal">The member to evict.</param>
    /// <returns>Null when the eviction is allowed; otherwise why not.</returns>
    public string? CheckEviction(ClusterStatus now, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(now);
        var name = ClusterTopology.MemberName(Topology.Name, ordinal);
        if (ordinal < 0 || ordinal >= Topology.MaxReplicas)
        {
            return $"'{name}' is not a member of cluster '{Topology.Name}' (members {Topology.MemberNames(DesiredMembers(Topology.MaxReplicas))}).";
        }
        if (now.Cordoned.Contains(ordinal))
        {
            return $"{name} is already drained; uncordon it to bring it back.";
        }
        if (ordinal >= now.DesiredReplicas && !now.Up.Contains(ordinal))
        {
            return $"{name} is not running: the StatefulSet has {now.DesiredReplicas} replicas ({Topology.MemberNames(DesiredMembers(now.DesiredReplicas))}), so there is nothing to drain.";
        }

        var healthy = now.Up.Count;
        var allowed = DisruptionsAllowed(healthy);
        var targetHealthy = now.Up.Contains(ordinal);
        // A healthy member needs a disruption to spare; an unhealthy one may go while the budget is met (IfHealthyBudget).
        if (targetHealthy ? allowed >= 1 : healthy >= MinAvailable)
        {
            return null;
        }
        return $"Cannot evict {name}: it would violate the PodDisruptionBudget {Topology.Name}-pdb. The budget needs {MinAvailable} healthy " +
               $"members ({SettingPrefix}MinAvailable) and has {healthy}, so it allows {allowed} disruptions. " +
               (MinAvailable >= now.DesiredReplicas
                   ? $"With {SettingPrefix}MinAvailable equal to the replicas ({now.DesiredReplicas}) no drain can ever proceed: scale up first (scale --replicas {Math.Min(now.DesiredReplicas + 1, Topology.MaxReplicas)}) or lower MinAvailable."
                   : "Wait until the other members are healthy again, or scale up first.");
    }

    /// <summary>The order of a rolling restart (<c>kubectl rollout restart statefulset</c>): the desired members, highest ordinal first.</summary>
    /// <param name="desiredReplicas">The desired count.</param>
    public static IReadOnlyList<int> RolloutOrder(int desiredReplicas) => DesiredMembers(desiredReplicas).Reverse().ToArray();

    /// <summary>
    /// Checks the next step of a rolling restart: every desired member must be Running and Ready (the controller waits
    /// otherwise), and with the member down the cluster must still serve with its delivery mode (a majority of seeds for
    /// Guaranteed, one member for Standard).
    /// </summary>
    /// <param name="now">The cluster now.</param>
    /// <param name="ordinal">The member about to restart.</param>
    /// <returns>Null when the member may restart now; otherwise why the rollout stops.</returns>
    public string? CheckRestartStep(ClusterStatus now, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(now);
        var name = ClusterTopology.MemberName(Topology.Name, ordinal);
        var notReady = NotReady(now, now.DesiredReplicas);
        if (notReady.Length > 0)
        {
            return $"{NotReadyPhrase(now, notReady)}; " +
                   $"a rolling update restarts {name} only when every member is ready. Bring it back first (uncordon, or Start).";
        }

        var without = Topology.Evaluate(now.Up.Where(o => o != ordinal), now.DesiredReplicas);
        if (without.State == ClusterState.Unavailable)
        {
            var need = Topology.DeliveryMode == DeliveryMode.Guaranteed
                ? $"Guaranteed delivery needs {Topology.SeedQuorum} of {Topology.SeedCount} seed members up, and {without.SeedsUp} would be"
                : "Standard delivery needs one member up, and none would be";
            return $"Restarting {name} would make the cluster Unavailable: {need}. Scale up first, or restart the members by hand.";
        }
        return null;
    }

    /// <summary>The first <paramref name="desiredReplicas"/> members that are not Running and Ready now.</summary>
    private static int[] NotReady(ClusterStatus now, int desiredReplicas) =>
        DesiredMembers(desiredReplicas).Where(o => !now.Up.Contains(o)).ToArray();

    /// <summary>The opening both OrderedReady refusals share: "{members} is/are not Running and Ready[ (drained)]".</summary>
    private string NotReadyPhrase(ClusterStatus now, IReadOnlyCollection<int> notReady) =>
        $"{MembersAre(notReady)} not Running and Ready{CordonNote(now, notReady)}";

    /// <summary>"{member} is" or "{members} are".</summary>
    private string MembersAre(IReadOnlyCollection<int> ordinals) =>
        $"{Topology.MemberNames(ordinals)} {(ordinals.Count == 1 ? "is" : "are")}";

    private static string CordonNote(ClusterStatus now, IEnumerable<int> ordinals) =>
        ordinals.Any(now.Cordoned.Contains) ? " (drained)" : "";
}

/// <summary>What the rules need to know of the cluster at one moment.</summary>
/// <param name="DesiredReplicas">The desired replica count (the StatefulSet's <c>spec.replicas</c>).</param>
/// <param name="Up">Ordinals of the members Running and healthy now.</param>
/// <param name="Cordoned">Ordinals of the members drained and not yet uncordoned.</param>
public sealed record ClusterStatus(int DesiredReplicas, IReadOnlySet<int> Up, IReadOnlySet<int> Cordoned);

/// <summary>A planned scale: members to start in order, members to stop in order, or why it is refused.</summary>
/// <param name="Refusal">Why the scale is refused; null when it may proceed.</param>
/// <param name="Start">Ordinals to start, ascending; each after the previous is healthy.</param>
/// <param name="Stop">Ordinals to stop, descending.</param>
public sealed record ScalePlan(string? Refusal, IReadOnlyList<int> Start, IReadOnlyList<int> Stop)
{
    /// <summary>A refused scale.</summary>
    /// <param name="refusal">Why.</param>
    public static ScalePlan Refuse(string refusal) => new(refusal, [], []);
}
