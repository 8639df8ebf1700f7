using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace MigratoryAspire.Tests.Support;

/// <summary>
/// Runs the tutorial's own StatefulSet startup script (read from the seed copy, never stored in this repository) with
/// bash, for one pod, with <c>hostname</c> faked and the server start replaced by nothing, and returns what the
/// script computed.
/// </summary>
internal static class TutorialStartupScript
{
    /// <summary>The script text of the tutorial's StatefulSet container command.</summary>
    public static string Read()
    {
        var path = SeedFiles.TutorialManifestsPath ?? throw new InvalidOperationException(SeedFiles.MissingReason);
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            stream.Load(reader);
        }
        var statefulSet = stream.Documents.Select(d => (YamlMappingNode)d.RootNode)
            .Single(n => ((YamlScalarNode)n["kind"]).Value == "StatefulSet");
        var container = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)statefulSet["spec"])["template"])["spec"])["containers"])[0];
        var command = (YamlSequenceNode)container["command"];
        return ((YamlScalarNode)command.Children[^1]).Value!;
    }

    /// <summary>Runs <paramref name="script"/> as pod <paramref name="podName"/> in <paramref name="domain"/> and returns the final options.</summary>
    /// <param name="script">A startup script in the tutorial's form.</param>
    /// <param name="podName">The pod's short host name, e.g. migratorydata-1.</param>
    /// <param name="domain">The pod's DNS domain, e.g. migratorydata-hs.migratory.svc.cluster.local.</param>
    /// <param name="environment">Environment the container would have (MIGRATORYDATA_EXTRA_OPTS …).</param>
    public static string Run(string script, string podName, string domain, IDictionary<string, string>? environment = null)
    {
        var harness = $$"""
            hostname() { case "$1" in -s) echo '{{podName}}';; -d) echo '{{domain}}';; *) echo '{{podName}}';; esac; }
            export -f hostname
            cd "$(mktemp -d)"
            printf '#!/bin/sh\necho "STARTED $MIGRATORYDATA_EXTRA_OPTS"\n' > start-migratorydata.sh
            chmod +x start-migratorydata.sh
            """;
        var psi = new ProcessStartInfo("bash", ["-c", harness + "\n" + script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["MIGRATORYDATA_EXTRA_OPTS"] = "";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The startup script did not finish in 30 s.");
        }
        var started = stdout.Result.Split('\n').SingleOrDefault(l => l.StartsWith("STARTED ", StringComparison.Ordinal));
        return started?["STARTED ".Length..].Trim()
               ?? throw new InvalidOperationException($"The script never started the server. stdout: {stdout.Result} stderr: {stderr.Result}");
    }
}
