namespace MigratoryAspire.Tests.Support;

/// <summary>Locates the repository root (the folder holding MigratoryAspire.sln) from the test binaries, and the NuGet packages folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The NuGet global packages folder restore used: NUGET_PACKAGES when set, else ~/.nuget/packages.</summary>
    public static string NuGetPackages { get; } = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
        ? custom
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MigratoryAspire.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MigratoryAspire.sln was not found above " + AppContext.BaseDirectory);
    }
}
