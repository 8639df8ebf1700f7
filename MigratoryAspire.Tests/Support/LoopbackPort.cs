using System.Net;
using System.Net.Sockets;

namespace MigratoryAspire.Tests.Support;

/// <summary>Free TCP ports on the loopback interface, for processes the tests start.</summary>
internal static class LoopbackPort
{
    /// <summary>A port that was free a moment ago (the system's choice for port 0), on 127.0.0.1.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
