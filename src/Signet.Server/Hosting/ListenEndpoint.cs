using System.Globalization;
using System.Net;

namespace Signet.Server;

/// <summary>Parses <c>--listen host:port</c> (IPv4, <c>[IPv6]</c> or <c>localhost</c>).</summary>
public static class ListenEndpoint
{
    public static IPEndPoint Parse(string listen)
    {
        var colon = listen.LastIndexOf(':');
        if (colon <= 0 || colon == listen.Length - 1)
        {
            throw new ArgumentException($"--listen '{listen}' is not host:port");
        }

        var host = listen[..colon].Trim('[', ']');
        if (!int.TryParse(listen[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ArgumentException($"--listen '{listen}' has no valid port");
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var ip)
            ? new IPEndPoint(ip, port)
            : throw new ArgumentException($"--listen '{listen}' host must be an IP address or localhost");
    }
}
