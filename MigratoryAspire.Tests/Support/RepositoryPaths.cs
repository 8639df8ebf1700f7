namespace MigratoryAspire.Tests.Support;

/// <summary>Locates the repository root (the folder holding MigratoryAspire.sln) from the test binaries.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

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
