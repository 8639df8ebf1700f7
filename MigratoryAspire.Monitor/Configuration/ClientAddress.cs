namespace MigratoryAspire.Monitor.Configuration;

/// <summary>Reads the host and port of a member's client endpoint.</summary>
internal static class ClientAddress
{
    /// <summary>Parses <c>host:port</c>, <c>[v6]:port</c> or a URL that has a port.</summary>
    /// <param name="value">The address.</param>
    /// <param name="host">The host name or IP address.</param>
    /// <param name="port">The port.</param>
    /// <returns>Whether the address had both.</returns>
    public static bool TryParse(string? value, out string host, out int port)
    {
        host = "";
        port = 0;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        // A bare host:port gets a scheme of no known default port, so a missing port stays missing (-1).
        var text = value.Contains("://", StringComparison.Ordinal) ? value : $"tcp://{value}";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Port <= 0 || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        host = uri.IdnHost;
        port = uri.Port;
        return true;
    }
}
