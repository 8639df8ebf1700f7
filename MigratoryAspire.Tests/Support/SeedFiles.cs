namespace MigratoryAspire.Tests.Support;

/// <summary>
/// Finds the vendor tutorial copy in <c>../shared/seed/</c> beside the checkout. It exists on the team's machines and
/// in CI, never in a user's clone; tests that cross-check against it skip where it is absent, saying why.
/// </summary>
internal static class SeedFiles
{
    public const string MissingReason =
        "The vendor tutorial copy (../shared/seed/aks-tutorial-manifests.yaml beside the checkout) is not present; " +
        "it exists in CI and on the team's machines only. Our own expectations are covered by the other tests.";

    public static string? TutorialManifestsPath { get; } = Find("aks-tutorial-manifests.yaml");

    private static string? Find(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "seed", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}

/// <summary>A fact that needs the vendor tutorial copy; skipped, with the reason, where it is absent.</summary>
public sealed class SeedFactAttribute : FactAttribute
{
    public SeedFactAttribute()
    {
        if (SeedFiles.TutorialManifestsPath is null)
        {
            Skip = SeedFiles.MissingReason;
        }
    }
}

/// <summary>A theory that needs the vendor tutorial copy; skipped, with the reason, where it is absent.</summary>
public sealed class SeedTheoryAttribute : TheoryAttribute
{
    public SeedTheoryAttribute()
    {
        if (SeedFiles.TutorialManifestsPath is null)
        {
            Skip = SeedFiles.MissingReason;
        }
    }
}
