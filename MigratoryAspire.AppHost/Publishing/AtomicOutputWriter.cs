namespace MigratoryAspire.AppHost.Publishing;

/// <summary>
/// Writes a publish output so that a failure leaves the output folder as it was: every file goes to a staging folder
/// next to the target first, then each top-level entry the publisher owns (e.g. <c>manifests/</c>) is swapped in by
/// renames. Entries it does not own, such as azd's <c>.azure/</c> environment folder, are never touched.
/// </summary>
internal static class AtomicOutputWriter
{
    /// <summary>Writes <paramref name="files"/> (relative paths with '/' separators) into <paramref name="outputDirectory"/>.</summary>
    public static void Write(string outputDirectory, IReadOnlyDictionary<string, string> files)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(files);

        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"The output path '{outputDirectory}' has no parent folder.", nameof(outputDirectory));
        Directory.CreateDirectory(parent);

        // Siblings of the target, so that every move below is a rename on the same file system.
        var id = Guid.NewGuid().ToString("N")[..12];
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.staging-{id}");
        var previous = Path.Combine(parent, $".{Path.GetFileName(target)}.previous-{id}");
        try
        {
            foreach (var (relative, content) in files)
            {
                var path = Path.Combine(staging, relative.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content);
            }

            if (!Directory.Exists(target))
            {
                Directory.Move(staging, target);
                return;
            }

            Swap(staging, target, previous, OwnedEntries(files));
        }
        finally
        {
            DeleteIfExists(staging);
            DeleteIfExists(previous);
        }
    }

    /// <summary>The top-level names (files or folders) the output consists of.</summary>
    private static IReadOnlyList<string> OwnedEntries(IReadOnlyDictionary<string, string> files) =>
        files.Keys.Select(k => k.Split('/')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private static void Swap(string staging, string target, string previous, IReadOnlyList<string> entries)
    {
        Directory.CreateDirectory(previous);
        var movedAside = new List<string>();
        var movedIn = new List<string>();
        try
        {
            foreach (var entry in entries)
            {
                var old = Path.Combine(target, entry);
                if (Exists(old))
                {
                    Move(old, Path.Combine(previous, entry));
                    movedAside.Add(entry);
                }

                Move(Path.Combine(staging, entry), old);
                movedIn.Add(entry);
            }
        }
        catch
        {
            // Undo in reverse: take the new entries out, put the old ones back.
            foreach (var entry in Enumerable.Reverse(movedIn))
            {
                Move(Path.Combine(target, entry), Path.Combine(staging, entry));
            }

            foreach (var entry in Enumerable.Reverse(movedAside))
            {
                Move(Path.Combine(previous, entry), Path.Combine(target, entry));
            }

            throw;
        }
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static void Move(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    private static void DeleteIfExists(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
