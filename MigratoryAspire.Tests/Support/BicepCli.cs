using System.Diagnostics;

namespace MigratoryAspire.Tests.Support;

/// <summary>The real bicep binary from the test project's PackageDownload of Azure.Bicep.CommandLine.linux-x64 0.49.2.</summary>
internal static class BicepCli
{
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var bicep = Path.Combine(RepositoryPaths.NuGetPackages, "azure.bicep.commandline.linux-x64", "0.49.2", "tools", "bicep");
        Assert.True(File.Exists(bicep), $"bicep not found at {bicep}: the test project's PackageDownload of Azure.Bicep.CommandLine.linux-x64 0.49.2 provides it");

        var psi = new ProcessStartInfo(bicep, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(120_000);
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
