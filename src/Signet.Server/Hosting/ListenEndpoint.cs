using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

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

    /// <summary>The <c>host:port</c> form of <paramref name="endpoint"/> (IPv6 in brackets, RFC 3986 §3.2.2).</summary>
    public static string Format(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var host = endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"{host}:{endpoint.Port}");
    }

    /// <summary>
    /// Binds a listening socket for <paramref name="endpoint"/> now, so that port 0 is resolved before anything is
    /// named after the address (the log's origin, the URLs in the trust material). Kestrel takes the socket over.
    /// </summary>
    public static System.Net.Sockets.Socket BindNow(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var socket = new System.Net.Sockets.Socket(endpoint.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endpoint);
            return socket;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            socket.Dispose();
            throw new Signet.Core.SignetConfigurationException($"cannot listen on {Format(endpoint)}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Makes Kestrel listen on <paramref name="listen"/> with a body limit of <paramref name="maxRequestBodyBytes"/>; for
    /// port 0 the socket is bound now (<see cref="BindNow"/>) and handed to Kestrel, so the returned <c>host:port</c>
    /// already carries the port the OS picked (the log's origin and the trust material are named after it).
    /// <paramref name="configure"/> adjusts the endpoint (TLS).
    /// </summary>
    public static string UseOn(WebApplicationBuilder builder, string listen, long maxRequestBodyBytes, Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var endpoint = Parse(listen);
        if (endpoint.Port == 0)
        {
            System.Net.Sockets.Socket? socket = BindNow(endpoint);
            endpoint = (IPEndPoint)socket.LocalEndPoint!;
            var bound = endpoint;
            builder.WebHost.UseSockets(s => s.CreateBoundListenSocket = e =>
                e is IPEndPoint ip && ip.Equals(bound) && Interlocked.Exchange(ref socket, null) is { } handed
                    ? handed
                    : SocketTransportOptions.CreateDefaultBoundListenSocket(e));
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(endpoint, l => configure?.Invoke(l));
            k.Limits.MaxRequestBodySize = maxRequestBodyBytes;
            k.AddServerHeader = false;
        });
        return Format(endpoint);
    }
}
