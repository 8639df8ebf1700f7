using System.Diagnostics;
using System.Net.Sockets;

namespace MigratoryAspire.Monitor.Scraping;

/// <summary>The outcome of one connect to a member's client port.</summary>
/// <param name="Up">Whether the connect succeeded in time.</param>
/// <param name="Latency">How long the connect took (or how long was waited, when it failed).</param>
/// <param name="Failure">Why it failed; null when up.</param>
internal sealed record ProbeResult(bool Up, TimeSpan Latency, string? Failure);

/// <summary>
/// Checks that a member accepts TCP connections on its client port, as the vendor's Kubernetes probes do (tcpSocket on 8800).
/// </summary>
internal static class ClientPortProbe
{
    /// <summary>Connects and disconnects once. Never throws for the member's sake; only <paramref name="cancellationToken"/> stops it.</summary>
    /// <param name="host">The host to connect to.</param>
    /// <param name="port">The client port.</param>
    /// <param name="timeout">How long the connect may take.</param>
    /// <param name="cancellationToken">Stops the probe when the monitor shuts down.</param>
    public static async Task<ProbeResult> ProbeAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        // Dual-mode, so "localhost" works whether it resolves to ::1 or 127.0.0.1 first.
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(host, port, limit.Token).ConfigureAwait(false);
            return new ProbeResult(true, clock.Elapsed, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(false, clock.Elapsed, $"client port {host}:{port} did not accept a connection within {timeout.TotalSeconds:0.###} s");
        }
        catch (SocketException ex)
        {
            return new ProbeResult(false, clock.Elapsed, $"client port {host}:{port}: {ex.Message}");
        }
    }
}
