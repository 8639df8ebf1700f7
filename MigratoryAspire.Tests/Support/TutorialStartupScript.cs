using YamlDotNet.RepresentationModel;

namespace MigratoryAspire.Tests.Support;

/// <summary>
/// The tutorial's own StatefulSet startup script, read from the seed copy (never stored in this repository), to be run
/// with <see cref="StartupScriptRun"/>.
/// </summary>
internal static class TutorialStartupScript
{
    /// <summary>The script text of the tutorial's StatefulSet container command.</summary>
    public static string Read()
    {
        var path = SeedFiles.TutorialManifestsPath ?? throw new InvalidOperationException(SeedFiles.MissingReason);
        var stream = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            stream.Load(reader);
        }
        var statefulSet = stream.Documents.Select(d => (YamlMappingNode)d.RootNode)
            .Single(n => ((YamlScalarNode)n["kind"]).Value == "StatefulSet");
        var container = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)statefulSet["spec"])["template"])["spec"])["containers"])[0];
        var command = (YamlSequenceNode)container["command"];
        return ((YamlScalarNode)command.Children[^1]).Value!;
    }
}
