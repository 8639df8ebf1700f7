using System.Globalization;

namespace MigratoryAspire.Cluster;

/// <summary>
/// The desired replica count as a file the AppHost owns and the monitor reads: one line, the number. The local stand-in
/// for a StatefulSet's <c>spec.replicas</c>, which the local scale command changes while both processes run.
/// </summary>
/// <remarks>Written whole to a temporary file and moved over the old one, so a reader never sees half a number.</remarks>
public static class DesiredReplicasFile
{
    /// <summary>Writes the desired count to <paramref name="path"/>, replacing what was there.</summary>
    /// <param name="path">The file.</param>
    /// <param name="desiredReplicas">The desired replica count.</param>
    public static void Write(string path, int desiredReplicas)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, desiredReplicas.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The desired count in <paramref name="path"/>, or null when there is no such file or it holds no count.</summary>
    /// <param name="path">The file; null or empty means none.</param>
    public static int? TryRead(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
