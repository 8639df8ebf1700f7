using Aspire.Hosting;

namespace MigratoryAspire.AppHost.Deploy;

/// <summary>
/// A deploy or destroy that cannot go on: a missing tool or login, a missing setting, or a command that failed. The
/// message says what happened and what to do; Aspire fails the pipeline step with it and exits non-zero.
/// </summary>
public sealed class MigratoryDataDeployException : DistributedApplicationException
{
    /// <summary>Creates the exception with a message for the user.</summary>
    /// <param name="message">What failed and what to do about it.</param>
    public MigratoryDataDeployException(string message) : base(message)
    {
    }
}
