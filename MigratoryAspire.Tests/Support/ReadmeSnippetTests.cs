using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MigratoryAspire.Tests.Support;

/// <summary>
/// Every C# snippet in README.md and docs/*.md compiles as written in an AppHost's Program.cs: with the AppHost SDK's
/// implicit usings, after <c>var builder = DistributedApplication.CreateBuilder(args);</c> when the snippet uses a
/// builder it does not declare, against the AppHost and everything it references.
/// </summary>
public partial class ReadmeSnippetTests
{
    private static readonly string[] ImplicitUsings =
    [
        "Aspire.Hosting", "Aspire.Hosting.ApplicationModel", "System", "System.Collections.Generic", "System.IO", "System.Linq",
        "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    ];

    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, snippets) in Documents())
        {
            for (var i = 0; i < snippets.Count; i++)
            {
                data.Add(file, i);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void A_csharp_snippet_compiles_as_written(string file, int index)
    {
        var snippet = Documents().Single(d => d.File == file).Snippets[index];
        var lines = snippet.Split('\n');
        var usings = lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal)).ToArray();
        var body = string.Join('\n', lines.Skip(usings.Length));
        var declaresBuilder = body.Contains("var builder", StringComparison.Ordinal);
        var source = string.Join('\n', ImplicitUsings.Select(u => $"global using {u};")) + "\n" +
                     string.Join('\n', usings) + "\n" +
                     (declaresBuilder ? "" : "var builder = DistributedApplication.CreateBuilder(args);\n") +
                     body + "\n";

        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, $"{file}, C# snippet {index + 1}:\n{snippet}\n\n{string.Join('\n', errors.Select(e => e.ToString()))}");
    }

    [Fact]
    public void The_readme_has_csharp_snippets_to_check() =>
        Assert.NotEmpty(Documents().Single(d => d.File == "README.md").Snippets);

    private static IEnumerable<(string File, IReadOnlyList<string> Snippets)> Documents() => DocumentsRead.Value;

    /// <summary>README.md and docs/*.md with their C# snippets, read once for all the theory's cases.</summary>
    private static readonly Lazy<IReadOnlyList<(string File, IReadOnlyList<string> Snippets)>> DocumentsRead = new(() =>
    {
        var files = new[] { Path.Combine(RepositoryPaths.Root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md").Order(StringComparer.Ordinal));
        var documents = new List<(string File, IReadOnlyList<string> Snippets)>();
        foreach (var path in files)
        {
            var text = File.ReadAllText(path).ReplaceLineEndings("\n");
            var snippets = CSharpBlock().Matches(text).Select(m => m.Groups[1].Value).ToArray();
            documents.Add((Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'), snippets));
        }
        return documents;
    });

    /// <summary>The framework's assemblies and every assembly next to the tests (the AppHost, Aspire.Hosting, …).</summary>
    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in framework.Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")))
        {
            byName.TryAdd(Path.GetFileName(path), path);
        }
        var references = new List<MetadataReference>();
        foreach (var path in byName.Values)
        {
            try
            {
                using var stream = File.OpenRead(path);
                using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
                if (pe.HasMetadata)
                {
                    references.Add(MetadataReference.CreateFromFile(path));
                }
            }
            catch (BadImageFormatException)
            {
            }
        }
        return references;
    });

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
