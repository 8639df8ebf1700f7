namespace MigratoryAspire.AppHost.Hosting;

/// <summary>
/// Warnings for the terminal under <c>aspire run</c>. The Aspire CLI (13.6) shows only its own summary while it runs
/// an AppHost and sends the AppHost's log to a file, so a warning logged at start would reach neither the user's
/// console nor their attention until they open the dashboard. They are written to the controlling terminal instead
/// (as well as to the log, which the dashboard shows).
/// </summary>
internal static class TerminalWarnings
{
    /// <summary>Writes each warning as one line to the terminal the Aspire CLI runs in; does nothing without one.</summary>
    public static void Write(IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0 || !AppHostExit.IsDrivenByAspireCli || OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var terminal = new StreamWriter(new FileStream("/dev/tty", FileMode.Open, FileAccess.Write));
            // A fresh line: the CLI's spinner may be mid-line.
            terminal.Write("\r\n");
            foreach (var warning in warnings)
            {
                terminal.Write($"warn: {warning}\n");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No controlling terminal (CI, a detached run): the log and the dashboard still have the warnings.
        }
    }
}
