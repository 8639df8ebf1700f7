using MigratoryAspire.AppHost.Model;

namespace MigratoryAspire.AppHost.Publishing;

/// <summary>What a publish did to the output folder.</summary>
/// <param name="Written">Files created or replaced.</param>
/// <param name="Unchanged">Generated files that already had the right content.</param>
/// <param name="Removed">Files publish wrote before and no longer produces.</param>
internal sealed record OutputChanges(IReadOnlyList<string> Written, IReadOnlyList<string> Unchanged, IReadOnlyList<string> Removed);

/// <summary>
/// Writes a publish output into a folder that may hold the user's own files, keeping everything publish did not write.
/// <list type="bullet">
/// <item>Ownership: the folder's <see cref="OutputRecord"/> lists the files publish wrote, with their hashes. Files not
/// in it are the user's and are never replaced or removed; lines of the user's own in <c>.gitignore</c> stay (publish
/// owns only the lines between its markers, see <see cref="GitIgnoreSection"/>).</item>
/// <item>Outdated files: a file in the record that publish no longer produces (e.g. <c>manifests/07-autoscaler.yaml</c>
/// after <c>Kubernetes:Autoscaling=false</c>) is removed.</item>
/// <item>Hand edits: a recorded file whose content no longer matches its hash, or a file of the user's where publish
/// would write one, stops the publish with a message naming each file, before anything is written. Publish never
/// overwrites what it did not write.</item>
/// <item>All or nothing: new files are staged next to the folder, then moved in by renames; on any failure every move
/// is undone, so the folder is byte for byte as it was.</item>
/// </list>
/// </summary>
internal static class AtomicOutputWriter
{
    /// <summary>Writes <paramref name="files"/> (relative paths with '/' separators) into <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="MigratoryDataException">A file publish would replace or remove was changed by hand or is the user's (exit code 4).</exception>
    public static OutputChanges Write(string outputDirectory, IReadOnlyDictionary<string, string> files)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(files);
        foreach (var path in files.Keys.Where(p => !OutputRecord.IsSafeRelativePath(p) || p.Contains('\0')))
        {
            throw new ArgumentException($"'{path}' is not a relative path inside the output folder.", nameof(files));
        }

        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"The output path '{outputDirectory}' has no parent folder.", nameof(outputDirectory));
        if (File.Exists(target))
        {
            throw new MigratoryDataException($"The output path {target} is a file; publish writes into a folder.", MigratoryDataExitCodes.PublishFailed);
        }

        var plan = Plan(target, files);
        if (plan.Conflicts.Count > 0)
        {
            throw new MigratoryDataException(
                $"Publish stopped before writing anything to {target}: it does not overwrite files it did not write or that were changed since it wrote them.{Environment.NewLine}" +
                string.Join(Environment.NewLine, plan.Conflicts.Select(c => $"  - {c}")) + Environment.NewLine +
                "Keep your changes in a file of your own (publish keeps files it did not write, and azd applies every .yaml file under manifests/), " +
                "or delete or restore the file, then publish again.",
                MigratoryDataExitCodes.PublishFailed);
        }

        Directory.CreateDirectory(parent);
        var id = Guid.NewGuid().ToString("N")[..12];
        // Siblings of the target, so that every move below is a rename on the same file system.
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.staging-{id}");
        var previous = Path.Combine(parent, $".{Path.GetFileName(target)}.previous-{id}");
        var createdTarget = !Directory.Exists(target);
        try
        {
            foreach (var (relative, content) in plan.Writes)
            {
                var path = Combine(staging, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content);
            }

            Commit(target, staging, previous, plan);
            return new OutputChanges(
                plan.Writes.Keys.Where(k => k != OutputRecord.FileName).ToArray(), plan.Unchanged, plan.Removals);
        }
        catch when (createdTarget && Directory.Exists(target) && !Directory.EnumerateFileSystemEntries(target).Any())
        {
            Directory.Delete(target);
            throw;
        }
        finally
        {
            DeleteIfExists(staging);
            DeleteIfExists(previous);
        }
    }

    private sealed record WritePlan(
        SortedDictionary<string, string> Writes, List<string> Unchanged, List<string> Removals, List<string> Conflicts);

    private static WritePlan Plan(string target, IReadOnlyDictionary<string, string> files)
    {
        var record = OutputRecord.Read(target);
        var plan = new WritePlan(new SortedDictionary<string, string>(StringComparer.Ordinal), [], [], []);
        var owned = new SortedDictionary<string, string>(StringComparer.Ordinal);

        foreach (var (relative, content) in files)
        {
            var path = Combine(target, relative);
            if (GitIgnoreSection.Applies(relative))
            {
                var existing = File.Exists(path) ? File.ReadAllText(path) : null;
                var merged = GitIgnoreSection.Merge(existing, content);
                if (existing?.ReplaceLineEndings("\n") != merged)
                {
                    plan.Writes[relative] = merged;
                }

                continue;
            }

            owned[relative] = content;
            if (Directory.Exists(path))
            {
                plan.Conflicts.Add($"{relative} is a folder of yours where publish writes a file.");
            }
            else if (!File.Exists(path))
            {
                plan.Writes[relative] = content;
            }
            else
            {
                var current = File.ReadAllText(path);
                if (current.ReplaceLineEndings("\n") == content)
                {
                    plan.Unchanged.Add(relative);
                }
                else if (IsOurs(relative, current, record, target))
                {
                    plan.Writes[relative] = content;
                }
                else
                {
                    plan.Conflicts.Add(record.Hashes.ContainsKey(relative)
                        ? $"{relative} was changed by hand since publish wrote it."
                        : $"{relative} is a file of yours (not in {OutputRecord.FileName}) where publish writes one.");
                }
            }
        }

        foreach (var relative in Outdated(target, record, owned))
        {
            var current = File.ReadAllText(Combine(target, relative));
            if (IsOurs(relative, current, record, target))
            {
                plan.Removals.Add(relative);
            }
            else
            {
                plan.Conflicts.Add($"{relative} was changed by hand since publish wrote it, and publish no longer produces it.");
            }
        }

        var recordText = OutputRecord.Render(owned);
        if (record.Text != recordText)
        {
            plan.Writes[OutputRecord.FileName] = recordText;
        }

        return plan;
    }

    /// <summary>Files publish wrote earlier and no longer produces.</summary>
    private static IEnumerable<string> Outdated(string target, OutputRecord record, IDictionary<string, string> owned)
    {
        if (record.Exists)
        {
            return record.Hashes.Keys.Where(k => !owned.ContainsKey(k) && File.Exists(Combine(target, k)));
        }

        // A folder published before records existed: the marked files in the folders publish writes into.
        var folders = owned.Keys.Where(k => k.Contains('/')).Select(k => k[..k.IndexOf('/')]).Distinct();
        return folders
            .Select(f => Combine(target, f))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(target, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => !owned.ContainsKey(k) && File.ReadAllText(Combine(target, k)).Contains(OutputRecord.GeneratedMarker, StringComparison.Ordinal))
            .ToArray();
    }

    /// <summary>Whether the file on disk is one publish wrote and nobody changed since.</summary>
    private static bool IsOurs(string relative, string current, OutputRecord record, string target)
    {
        if (record.Exists)
        {
            return record.Hashes.TryGetValue(relative, out var hash) && hash == OutputRecord.Hash(current);
        }

        // Published before records existed: ours if it carries the generated marker; the JSON parameters file cannot,
        // so it goes with the azd project next to it.
        return current.Contains(OutputRecord.GeneratedMarker, StringComparison.Ordinal) ||
               (relative == "infra/main.parameters.json" && File.Exists(Combine(target, "infra/main.bicep")) &&
                File.ReadAllText(Combine(target, "infra/main.bicep")).Contains(OutputRecord.GeneratedMarker, StringComparison.Ordinal));
    }

    private static void Commit(string target, string staging, string previous, WritePlan plan)
    {
        var undo = new Stack<Action>();
        try
        {
            foreach (var relative in plan.Writes.Keys.Concat(plan.Removals))
            {
                var path = Combine(target, relative);
                if (File.Exists(path))
                {
                    var aside = Combine(previous, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(aside)!);
                    File.Move(path, aside);
                    undo.Push(() => File.Move(aside, path));
                }

                if (plan.Writes.ContainsKey(relative))
                {
                    foreach (var folder in MissingFolders(target, relative))
                    {
                        Directory.CreateDirectory(folder);
                        undo.Push(() => Directory.Delete(folder));
                    }

                    File.Move(Combine(staging, relative), path);
                    undo.Push(() => File.Move(path, Combine(staging, relative)));
                }
            }
        }
        catch
        {
            while (undo.TryPop(out var step))
            {
                step();
            }

            throw;
        }

        // Folders left empty by removals were publish's own (e.g. a manifests/ with nothing left in it).
        foreach (var relative in plan.Removals)
        {
            for (var folder = Path.GetDirectoryName(Combine(target, relative));
                 folder is not null && folder.Length > target.Length && !Directory.EnumerateFileSystemEntries(folder).Any();
                 folder = Path.GetDirectoryName(folder))
            {
                Directory.Delete(folder);
            }
        }
    }

    /// <summary>The folders (outermost first) that must be created to hold <paramref name="relative"/> under <paramref name="root"/>.</summary>
    private static IEnumerable<string> MissingFolders(string root, string relative)
    {
        var missing = new List<string>();
        for (var folder = Path.GetDirectoryName(Combine(root, relative)); folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
        {
            missing.Add(folder);
        }

        missing.Reverse();
        return missing;
    }

    private static string Combine(string root, string relative) => Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));

    private static void DeleteIfExists(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
