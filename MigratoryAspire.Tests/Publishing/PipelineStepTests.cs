using k8s;
using k8s.Models;

using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.Publishing;

/// <summary>The step's place in Aspire's pipeline: its own name, after publish-prereq, required by publish.</summary>
public class PipelineStepTests
{
    [Fact]
    public async Task The_cluster_step_runs_on_its_own_and_not_as_part_of_publish_prereq()
    {
        var own = await PublishRun.RunStepAsync("publish-migratorydata", NewDirectory());
        Assert.Equal((await PublishRun.Default).LocationIndependentFiles, own.LocationIndependentFiles);

        var prereq = await PublishRun.RunStepAsync("publish-prereq", NewDirectory());
        Assert.Empty(prereq.Files);
    }

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), "md-step-" + Guid.NewGuid().ToString("N")[..10]);
}
