using MigratoryAspire.AppHost.Model;

namespace MigratoryAspire.AppHost.Deploy;

/// <summary>
/// A deploy or destroy that cannot go on: a missing tool or login, a missing setting, or a command that failed. The
/// message says what happened and what to do; the step fails with it and the process exits with
/// <see cref="MigratoryDataExitCodes.DeployFailed"/>.
/// </summary>
public sealed class MigratoryDataDeployException : MigratoryDataException
{
    /// <summary>Creates the exception with a message for the user.</summary>
    /// <param name="message">What failed and what to do about it.</param>
    public MigratoryDataDeployException(string message) : base(message, MigratoryDataExitCodes.DeployFailed)
    {
    }
}
