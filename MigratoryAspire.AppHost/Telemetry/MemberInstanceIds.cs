using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MigratoryAspire.AppHost.Telemetry;

/// <summary>
/// Finds the <c>service.instance.id</c> that links a member's telemetry to its container in the dashboard: the suffix DCP
/// appends to the resource name (<c>migratorydata-0-vkpsqrsw</c> → <c>vkpsqrsw</c>).
/// </summary>
/// <remarks>
/// The DCP name is reported as the <see cref="ResourceEvent.ResourceId"/> of the member's state updates, and it exists from the
/// first update on, while an explicit-start member is still NotStarted, and it stays the same across stop, start and restart.
/// So the monitor can get every member's id when it starts, without waiting for any member to run.
/// </remarks>
internal static class MemberInstanceIds
{
    /// <summary>How long to wait for DCP to name a member before giving up on linking its telemetry.</summary>
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The member's DCP suffix, or null (telemetry then shows up unlinked) when none is known in time.</summary>
    /// <param name="services">The AppHost's services.</param>
    /// <param name="resourceName">The member's resource name.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    internal static async Task<string?> GetAsync(IServiceProvider services, string resourceName, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var prefix = resourceName + "-";
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            // Before DCP names a resource its events carry the plain resource name; wait for the DCP one.
            var named = await notifications.WaitForResourceAsync(resourceName,
                e => e.ResourceId.StartsWith(prefix, StringComparison.Ordinal) && e.ResourceId.Length > prefix.Length,
                limit.Token).ConfigureAwait(false);
            return Suffix(resourceName, named.ResourceId);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MemberInstanceIds).FullName!).LogWarning(
                "No DCP name for {Member} within {Timeout} s: its telemetry will be listed in the dashboard but not linked to the container",
                resourceName, Timeout.TotalSeconds);
            return null;
        }
    }

    /// <summary>The suffix of a DCP name, or null when the name does not start with the resource name and a dash.</summary>
    /// <param name="resourceName">The resource name.</param>
    /// <param name="dcpName">The DCP name.</param>
    internal static string? Suffix(string resourceName, string dcpName) =>
        dcpName.Length > resourceName.Length + 1 && dcpName.StartsWith(resourceName + "-", StringComparison.Ordinal)
            ? dcpName[(resourceName.Length + 1)..]
            : null;
}
