namespace MigratoryAspire.AppHost.Publishing;

/// <summary>
/// Publish's lines in a <c>.gitignore</c> it shares with the user: they sit between two marker comments, and only those
/// lines are replaced; every other line is the user's and stays where it is.
/// </summary>
internal static class GitIgnoreSection
{
    /// <summary>The line that opens publish's lines.</summary>
    public const string Begin = "# >>> MigratoryAspire publish: the lines up to the closing marker are rewritten on every publish";

    /// <summary>The line that closes publish's lines.</summary>
    public const string End = "# <<< MigratoryAspire publish";

    /// <summary>Whether the generated file at <paramref name="relative"/> is merged line by line rather than owned whole.</summary>
    public static bool Applies(string relative) => relative == ".gitignore" || relative.EndsWith("/.gitignore", StringComparison.Ordinal);

    /// <summary>
    /// The new content: <paramref name="existing"/> with publish's section replaced by <paramref name="lines"/> (appended
    /// when it has none). A file that is exactly what publish wrote before it used markers (<c>.azure/</c>) is replaced.
    /// </summary>
    public static string Merge(string? existing, string lines)
    {
        var section = $"{Begin}\n{lines.TrimEnd('\n')}\n{End}\n";
        var text = existing?.ReplaceLineEndings("\n");
        if (string.IsNullOrEmpty(text) || text == lines)
        {
            return section;
        }

        var begin = text.IndexOf(Begin + "\n", StringComparison.Ordinal);
        var end = begin < 0 ? -1 : text.IndexOf(End + "\n", begin, StringComparison.Ordinal);
        if (begin >= 0 && end > begin)
        {
            return text[..begin] + section + text[(end + End.Length + 1)..];
        }

        return text + (text.EndsWith('\n') ? "" : "\n") + section;
    }
}
