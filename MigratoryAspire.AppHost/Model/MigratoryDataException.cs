using Aspire.Hosting;

namespace MigratoryAspire.AppHost.Model;

/// <summary>
/// A failure the user can fix, with a message written for them and the AppHost's exit code. When the AppHost runs as
/// its own process (<c>dotnet run</c>, <c>aspire run</c>, <c>aspire publish</c>, <c>aspire do</c>), it prints the message
/// once, with no stack trace, and exits with <see cref="ExitCode"/>; inside a test host
/// (<c>DistributedApplicationTestingBuilder</c>) it is thrown to the caller instead. The codes are listed in
/// <see cref="MigratoryDataExitCodes"/> and in the README's Troubleshooting section.
/// </summary>
public class MigratoryDataException : DistributedApplicationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and how to fix it, for the user.</param>
    /// <param name="exitCode">The process exit code, one of <see cref="MigratoryDataExitCodes"/>.</param>
    public MigratoryDataException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>The process exit code (see <see cref="MigratoryDataExitCodes"/>).</summary>
    public int ExitCode { get; }
}

/// <summary>The AppHost's exit codes when it stops on a failure the user can fix. 0 is success.</summary>
public static class MigratoryDataExitCodes
{
    /// <summary>Invalid settings: nothing was started or written.</summary>
    public const int InvalidSettings = 2;

    /// <summary>A parameter Aspire needs has no value and nothing can ask for it (publish without the Aspire CLI).</summary>
    public const int MissingParameterValue = 3;

    /// <summary>The publish output could not be written; the output folder is as it was.</summary>
    public const int PublishFailed = 4;

    /// <summary>
    /// <c>aspire deploy</c> or <c>aspire destroy</c> stopped: a tool or the azd login is missing, a deploy setting is
    /// missing, or a command (azd, kubectl) failed; the message names it and shows that command's error.
    /// </summary>
    public const int DeployFailed = 5;
}
