using System.Text;
using MigratoryAspire.Cluster;

namespace MigratoryAspire.AppHost.Publishing.Kubernetes;

/// <summary>
/// The bash script a member container runs instead of the image's command. Like the tutorial's, it asks the pod's
/// hostname for its own name and the headless service's domain, so it works whatever the cluster's DNS suffix is; unlike
/// it, the member names come from <see cref="ClusterTopology"/> (one source of truth), secrets are appended only when set
/// and never echoed, and the server replaces the shell (<c>exec</c>) so it receives the stop signal directly.
/// </summary>
internal static class MemberStartupScript
{
    /// <summary>The script for a cluster of this topology.</summary>
    public static string Render(ClusterTopology topology)
    {
        var members = string.Join(' ', topology.Members.Select(m => m.Name));
        var script = new StringBuilder();
        // Backticks, not $(...): Kubernetes expands $(NAME) in container commands when NAME is a variable of the pod.
        script.Append($$"""
            # Derives ClusterMemberListen and ClusterMembers from the pod's DNS name, then starts the server.
            host=`hostname -s`
            domain=`hostname -d`
            if [ -z "$domain" ]; then
              echo "no DNS domain for $host: the pod must belong to the headless service" >&2
              exit 1
            fi
            port={{topology.ClusterPort}}
            members=""
            for member in {{members}}; do
              members="${members:+$members,}$member.$domain:$port"
            done
            opts="$MIGRATORYDATA_EXTRA_OPTS -DClusterMemberListen=$host.$domain:$port -DClusterMembers=$members"
            echo "ClusterMemberListen=$host.$domain:$port"
            echo "ClusterMembers=$members"

            """);
        foreach (var secret in ClusterSecret.All)
        {
            // A -D item cannot hold whitespace (the image splits on it), so refuse rather than start misconfigured.
            script.Append($$"""
                if [ -n "${{{secret.PodVariable}}:-}" ]; then
                  case "${{secret.PodVariable}}" in *[[:space:]]*) echo "{{secret.PodVariable}} contains whitespace" >&2; exit 1;; esac
                  opts="$opts -D{{secret.Parameter}}=${{secret.PodVariable}}"
                fi

                """);
        }

        script.Append("""
            export MIGRATORYDATA_EXTRA_OPTS="$opts"
            exec ./start-migratorydata.sh

            """);
        return script.ToString();
    }
}
