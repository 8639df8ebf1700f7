using MigratoryAspire.Tests.Support;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using MigratoryAspire.AppHost.Model;
using MigratoryAspire.AppHost.Publishing;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>
/// Runs the real AppHost's publish pipeline in-process (<c>--operation publish --step publish</c>), as
/// <c>dotnet run --project MigratoryAspire.AppHost -- …</c> would, and reads back what it wrote. Needs no Docker.
/// </summary>
internal sealed class PublishRun
{
    private static readonly Lazy<Task<PublishRun>> DefaultRun = new(() => PublishAsync());

    private PublishRun(string directory, IReadOnlyDictionary<string, string> files)
    {
        Directory = directory;
        Files = files;
    }

    /// <summary>The output folder.</summary>
    public string Directory { get; }

    /// <summary>Relative path ('/' separated) → content, of every file written.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>The publish output for default settings, shared by the tests that only read it.</summary>
    public static Task<PublishRun> Default => DefaultRun.Value;

    /// <summary>Publishes with the given <c>MigratoryData:Key=value</c> settings into a new temporary folder.</summary>
    public static Task<PublishRun> PublishAsync(params string[] settings) =>
        PublishIntoAsync(Path.Combine(Path.GetTempPath(), "md-publish-" + Guid.NewGuid().ToString("N")[..10]), settings);

    /// <summary>Publishes with the given settings into <paramref name="directory"/>, which may already hold an output.</summary>
    public static Task<PublishRun> PublishIntoAsync(string directory, params string[] settings) =>
        RunStepAsync("publish", directory, settings);

    /// <summary>Runs one pipeline step (and what it depends on) with the given settings, output into <paramref name="directory"/>.</summary>
    public static async Task<PublishRun> RunStepAsync(string step, string directory, params string[] settings)
    {
        string[] args = ["--operation", "publish", "--step", step, "--output-path", directory, .. settings];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MigratoryAspire_AppHost>(args);
        await using var app = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await app.RunAsync(timeout.Token);
        return new PublishRun(directory, System.IO.Directory.Exists(directory) ? ReadTree(directory) : new Dictionary<string, string>());
    }

    /// <summary>
    /// The output for the given <c>MigratoryData:Key=value</c> settings, rendered in-process with the publish step's own
    /// binding, validation and mapping, without booting the AppHost: for the tests of what a setting changes.
    /// </summary>
    public static PublishRun Render(params string[] settings)
    {
        const string cluster = "migratorydata";
        var options = new MigratoryDataClusterOptions();
        var errors = MigratoryDataClusterOptionsBinder.Bind(new ConfigurationBuilder().AddCommandLine(settings).Build(), options)
            .Concat(MigratoryDataClusterOptionsValidator.Validate(cluster, options).Errors);
        Assert.Empty(errors);
        return new PublishRun("(rendered in memory)", MigratoryDataPublisher.Render(options, options.ToTopology(cluster), TestMonitorLocation.DeployFolder));
    }

    /// <summary>Every file under <paramref name="directory"/>, by '/'-separated relative path.</summary>
    public static IReadOnlyDictionary<string, string> ReadTree(string directory) =>
        System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(
                f => Path.GetRelativePath(directory, f).Replace(Path.DirectorySeparatorChar, '/'),
                File.ReadAllText,
                StringComparer.Ordinal);

    /// <summary>
    /// The files with the two location-dependent values of azure.yaml (the monitor service's <c>project</c>, relative to the
    /// output, and its <c>deploymentPath</c>, relative to the Monitor project) replaced by fixed tokens, so outputs written
    /// to different folders compare equal when everything else is.
    /// </summary>
    public IReadOnlyDictionary<string, string> LocationIndependentFiles => LocationIndependent(Files, Directory);

    /// <summary>See <see cref="LocationIndependentFiles"/>, for files read from <paramref name="directory"/>.</summary>
    public static IReadOnlyDictionary<string, string> LocationIndependent(IReadOnlyDictionary<string, string> files, string directory)
    {
        var monitor = Path.Combine(MigratoryAspire.Tests.Support.RepositoryPaths.Root, "MigratoryAspire.Monitor");
        var project = Path.GetRelativePath(directory, monitor).Replace(Path.DirectorySeparatorChar, '/');
        var manifests = Path.GetRelativePath(monitor, Path.Combine(directory, "manifests-monitor")).Replace(Path.DirectorySeparatorChar, '/');
        return files.ToDictionary(
            f => f.Key,
            f => f.Key == "azure.yaml"
                ? f.Value.Replace($"project: {project}\n", "project: <monitor project>\n", StringComparison.Ordinal)
                    .Replace($"deploymentPath: {manifests}\n", "deploymentPath: <monitor manifests>\n", StringComparison.Ordinal)
                // The record holds azure.yaml's hash, which follows those paths; azure.yaml itself is compared above.
                : f.Key == ".migratoryaspire.sha256"
                    ? string.Join('\n', f.Value.Split('\n').Where(l => !l.EndsWith("  azure.yaml", StringComparison.Ordinal)))
                    : f.Value,
            StringComparer.Ordinal);
    }

    /// <summary>The manifests (files under manifests/), by file name.</summary>
    public IReadOnlyDictionary<string, string> Manifests => Folder("manifests");

    /// <summary>The files under the output's <paramref name="folder"/> (e.g. manifests-monitor), by path relative to it.</summary>
    public IReadOnlyDictionary<string, string> Folder(string folder) =>
        Files.Where(f => f.Key.StartsWith(folder + "/", StringComparison.Ordinal))
            .ToDictionary(f => f.Key[(folder.Length + 1)..], f => f.Value, StringComparer.Ordinal);
}
