namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// A stand-in member's report (GET /cgi-bin/report on its client port): the options it was started with and, probed
/// at request time, whether it reaches each other member of ClusterMembers on each cluster port.
/// </summary>
public sealed record StandInReport(IReadOnlyDictionary<string, string> Values, IReadOnlyList<StandInReport.Reach> Probes)
{
    /// <summary>One probe: <paramref name="AnsweredBy"/> is the ClusterMemberListen the peer named, when it answered.</summary>
    public sealed record Reach(string Host, int Port, bool Ok, string? AnsweredBy);

    public string MemberListen => Values["member.listen"];

    public string Options => Values["options"];

    public static StandInReport Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var probes = new List<Reach>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith("reach ", StringComparison.Ordinal))
            {
                // reach HOST PORT ok member=PEER:PORT port=N | reach HOST PORT fail
                var parts = line.Split(' ');
                var ok = parts[3] == "ok";
                var answeredBy = ok ? parts.FirstOrDefault(p => p.StartsWith("member=", StringComparison.Ordinal))?["member=".Length..] : null;
                probes.Add(new Reach(parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), ok, answeredBy));
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                values[line[..eq]] = line[(eq + 1)..];
            }
        }
        return new StandInReport(values, probes);
    }
}
