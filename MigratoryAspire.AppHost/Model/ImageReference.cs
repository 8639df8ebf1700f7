using System.Text.RegularExpressions;

namespace MigratoryAspire.AppHost.Model;

/// <summary>
/// The container image reference grammar of the OCI distribution project (<c>distribution/reference</c>, the grammar
/// Docker, containerd and the kubelet parse <c>image:</c> with): <c>[host[:port]/]path[:tag][@digest]</c>.
/// Path components are lower case (<c>[a-z0-9]+</c> joined by <c>.</c>, <c>_</c>, <c>__</c> or dashes); the first
/// component is a registry host only when it has a <c>.</c> or a <c>:</c> port, or is <c>localhost</c>; the whole name is
/// at most 255 characters; a tag is <c>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}</c>; a digest is <c>sha256:</c> and 64 lower-case hex digits (the algorithm
/// every registry serves and the only one Aspire's local run takes).
/// </summary>
internal partial class ImageReference
{
    /// <summary>Null when <paramref name="name"/> is a valid image name without tag or digest; otherwise why not.</summary>
    public static string? CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "it is empty";
        }

        if (name.Contains('@'))
        {
            return "it has a digest; put the digest in Tag (sha256:…)";
        }

        if (name.Length > 255)
        {
            return "it is longer than 255 characters";
        }

        var parts = name.Split('/');
        var first = 0;
        if (parts.Length > 1 && (parts[0].Contains('.') || parts[0].Contains(':') || parts[0] == "localhost"))
        {
            if (!HostPattern().IsMatch(parts[0]))
            {
                return $"the registry host '{parts[0]}' is not a host name with an optional :port";
            }

            first = 1;
        }
        else if (parts[^1].Contains(':'))
        {
            return "it has a tag; put the tag in Tag";
        }

        foreach (var part in parts[first..])
        {
            if (!PathComponentPattern().IsMatch(part))
            {
                return part.Contains(':')
                    ? "it has a tag; put the tag in Tag"
                    : $"the path component '{part}' is not lower-case letters and digits joined by '.', '_', '__' or '-'";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="tag"/> is a digest (<c>sha256:</c> and 64 lower-case hex digits).</summary>
    public static bool IsDigest(string? tag) => tag is not null && DigestPattern().IsMatch(tag);

    /// <summary>Whether <paramref name="tag"/> is a tag or a digest.</summary>
    public static bool IsTagOrDigest(string? tag) => tag is not null && (TagPattern().IsMatch(tag) || IsDigest(tag));

    /// <summary>The full reference: <c>name:tag</c>, or <c>name@digest</c>.</summary>
    public static string Format(string name, string tagOrDigest) =>
        IsDigest(tagOrDigest) ? $"{name}@{tagOrDigest}" : $"{name}:{tagOrDigest}";

    [GeneratedRegex(@"^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponentPattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$", RegexOptions.ECMAScript)]
    private static partial Regex TagPattern();

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestPattern();
}
