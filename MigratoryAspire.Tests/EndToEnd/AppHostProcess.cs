using System.Diagnostics;
using System.Net;
using System.Text;
using MigratoryAspire.Tests.Hosting;
using MigratoryAspire.Tests.Support;

namespace MigratoryAspire.Tests.EndToEnd;

/// <summary>
/// The AppHost started the way a person starts it: <c>dotnet run --project MigratoryAspire.AppHost</c>, with the
/// dashboard on free loopback ports, anonymous access and the stand-in image (NOT MigratoryData).
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _dotnetRun;
    private readonly StringBuilder _output = new();

    private AppHostProcess(Process dotnetRun, string dashboardUrl)
    {
        _dotnetRun = dotnetRun;
        DashboardUrl = dashboardUrl;
    }

    public string DashboardUrl { get; }

    /// <summary>Everything the AppHost printed so far (for failure messages).</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public bool HasExited => _dotnetRun.HasExited;

    public static AppHostProcess Start(params (string Name, string Value)[] extraEnvironment)
    {
        var dashboardUrl = $"http://127.0.0.1:{LoopbackPort.Free()}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -c: the built configuration of this test assembly, so --no-build finds the AppHost the test run built.
        // --no-launch-profile: the profile's fixed ports would override the free ones chosen here; the variables
        // below are the profile's, plus what a machine without a dev certificate or a registry needs.
        foreach (var a in new[] { "run", "--project", "MigratoryAspire.AppHost", "--no-build", "--no-launch-profile", "-c", EntryPointCommand.Configuration })
        {
            info.ArgumentList.Add(a);
        }
        var environment = new (string, string)[]
        {
            ("DOTNET_ENVIRONMENT", "Development"),
            ("ASPIRE_ALLOW_UNSECURED_TRANSPORT", "true"),
            ("ASPNETCORE_URLS", dashboardUrl),
            ("ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", $"http://127.0.0.1:{LoopbackPort.Free()}"),
            ("ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL", $"http://127.0.0.1:{LoopbackPort.Free()}"),
            ("ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS", "true"),
            ("ASPIRE_ENABLE_CONTAINER_TUNNEL", "false"),
            ("MigratoryData__Image", StandInImage.Image),
            ("MigratoryData__Tag", StandInImage.Tag),
        };
        foreach (var (name, value) in environment.Concat(extraEnvironment))
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet run did not start");
        var host = new AppHostProcess(process, dashboardUrl);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits until the dashboard answers 200 on / (anonymous access, so no login redirect).</summary>
    public async Task WaitForDashboardAsync(TimeSpan timeout)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !HasExited)
        {
            try
            {
                using var response = await client.GetAsync(DashboardUrl + "/");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }
            await Task.Delay(500);
        }
        Assert.Fail($"The dashboard did not answer at {DashboardUrl} (AppHost exited: {HasExited}). Output:\n{Tail()}");
    }

    /// <summary>
    /// Stops the AppHost as a person's Ctrl+C would: SIGTERM to the AppHost process itself, so the test asserts on the
    /// exit of exactly the process that owns the containers (SIGTERM to `dotnet run` stops it as well).
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        var appHost = ChildProcessIds(_dotnetRun.Id).FirstOrDefault();
        Assert.True(appHost != 0, $"No AppHost process under dotnet run (pid {_dotnetRun.Id}). Output:\n{Tail()}");
        var kill = await ExternalCommand.RunAsync("kill", ["-TERM", appHost.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.True(kill.ExitCode == 0, kill.Describe("kill -TERM"));
        using var cts = new CancellationTokenSource(timeout);
        await _dotnetRun.WaitForExitAsync(cts.Token);
    }

    public string Tail(int lines = 60) => string.Join('\n', Output.Split('\n').TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (!_dotnetRun.HasExited)
        {
            // A test that failed early still stops the AppHost gracefully first, so DCP removes its containers.
            foreach (var child in ChildProcessIds(_dotnetRun.Id).ToArray())
            {
                await ExternalCommand.RunAsync("kill", ["-TERM", child.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _dotnetRun.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _dotnetRun.Kill(entireProcessTree: true);
                await _dotnetRun.WaitForExitAsync();
            }
        }
        _dotnetRun.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Children of a process, from /proc (Linux, where these tests run).</summary>
    private static IEnumerable<int> ChildProcessIds(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            string status;
            try
            {
                status = File.ReadAllText(Path.Combine(dir, "status"));
            }
            catch (IOException)
            {
                continue; // the process ended meanwhile
            }
            var ppid = status.Split('\n').FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
            if (ppid is not null && int.TryParse(ppid["PPid:".Length..].Trim(), out var p) && p == parent)
            {
                yield return pid;
            }
        }
    }
}
