using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Logging;
using MigratoryAspire.AppHost.Model;

namespace MigratoryAspire.AppHost.Hosting;

/// <summary>
/// How the AppHost ends on a failure the user can fix: the message once on stderr, no stack trace, and the failure's
/// exit code. Aspire turns an exception from a <c>BeforeStartEvent</c> handler into an unhandled
/// <c>AggregateException</c> (a runtime abort, exit code 134, with the stack trace), so the process is ended here instead.
/// </summary>
internal static class AppHostExit
{
    /// <summary>
    /// Prints <paramref name="failure"/> and exits with its code when this process is the AppHost; inside a test host
    /// (<c>DistributedApplicationTestingBuilder</c>, where the entry assembly is the test runner) it throws it instead,
    /// so the caller's test gets the exception rather than a killed runner.
    /// </summary>
    /// <param name="failure">The failure.</param>
    /// <param name="appHostAssembly">The AppHost's assembly (<c>IDistributedApplicationBuilder.AppHostAssembly</c>).</param>
    [DoesNotReturn]
    public static void Fail(MigratoryDataException failure, Assembly? appHostAssembly)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (!OwnsProcess(appHostAssembly))
        {
            throw failure;
        }

        Console.Out.Flush();
        Console.Error.WriteLine($"error: {failure.Message}");
        Console.Error.Flush();
        Environment.Exit(failure.ExitCode);
        throw failure; // not reached
    }

    /// <summary>
    /// For a failure inside a pipeline step. Under the Aspire CLI the step fails, the CLI shows the message with the step
    /// and exits with the failure's code; under <c>dotnet run</c> Aspire would print the exception with its stack trace
    /// and abort, so the process ends as in <see cref="Fail"/>.
    /// </summary>
    [DoesNotReturn]
    public static void FailStep(MigratoryDataException failure, Assembly? appHostAssembly, ILogger stepLogger)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (IsDrivenByAspireCli)
        {
            // The CLI prints the step's log lines and then the exception's message twice (for the step and for the
            // pipeline): so the problems go to the log, one line each, and the exception carries only the headline.
            var lines = failure.Message.Split(Environment.NewLine);
            foreach (var line in lines.Skip(1))
            {
                stepLogger.LogError("{Problem}", line.Trim());
            }

            // The CLI stops the AppHost after the failed step and passes on a non-zero exit code as its own.
            Environment.ExitCode = failure.ExitCode;
            throw new MigratoryDataException(lines.Length > 1 ? $"{lines[0].TrimEnd(':')} (listed above)." : lines[0], failure.ExitCode);
        }

        Fail(failure, appHostAssembly);
    }

    /// <summary>
    /// Runs a pipeline step's work so that a failure the user can fix ends the run like any other: its message once and
    /// its documented exit code through <see cref="FailStep"/>, no stack trace.
    /// </summary>
    /// <param name="work">The step's work.</param>
    /// <param name="appHostAssembly">The AppHost's assembly (see <see cref="Fail"/>).</param>
    /// <param name="stepLogger">The step's logger (<c>PipelineStepContext.Logger</c>).</param>
    public static async Task RunStepAsync(Func<Task> work, Assembly? appHostAssembly, ILogger stepLogger)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (MigratoryDataException failure)
        {
            FailStep(failure, appHostAssembly, stepLogger);
        }
    }

    /// <summary>Whether the Aspire CLI started this AppHost (it passes its backchannel socket in <c>ASPIRE_BACKCHANNEL_PATH</c>).</summary>
    public static bool IsDrivenByAspireCli => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPIRE_BACKCHANNEL_PATH"));

    /// <summary>
    /// Whether this process is an AppHost project's own: its entry assembly is the AppHost and carries the metadata the
    /// Aspire AppHost SDK writes into AppHost projects (<c>apphostprojectpath</c>). A test runner's entry assembly has
    /// neither, even when a test creates a builder directly (the builder then takes the runner for the AppHost).
    /// </summary>
    private static bool OwnsProcess(Assembly? appHostAssembly) =>
        appHostAssembly is not null && Assembly.GetEntryAssembly() == appHostAssembly &&
        appHostAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().Any(a => a.Key == "apphostprojectpath");
}
