using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Signet.SigningLoad;

/// <summary>
/// A lean HTTP/1.1 load client: each connection sends one prepared <c>POST</c>, reads the response (status line,
/// headers, <c>Content-Length</c> body), and repeats. It costs the shared CPU far less per request than
/// <see cref="HttpClient"/>, so more of the machine goes to the server under test.
/// </summary>
internal sealed class RawHttpLoadClient(IPEndPoint server, byte[] request)
{
    /// <summary>Prepares <c>POST path</c> with <paramref name="body"/>, keep-alive.</summary>
    public static byte[] Post(Uri url, string contentType, byte[] body)
    {
        var head = Encoding.ASCII.GetBytes(
            $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Runs one connection until <paramref name="stop"/>; returns (successes, failures).</summary>
    public async Task<(long Ok, long Failed)> RunConnectionAsync(CancellationToken stop)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server, CancellationToken.None).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        long ok = 0, failed = 0;
        while (!stop.IsCancellationRequested)
        {
            await socket.SendAsync(request, SocketFlags.None, CancellationToken.None).ConfigureAwait(false);
            if (await ReadResponseAsync(socket, buffer).ConfigureAwait(false))
            {
                ok++;
            }
            else
            {
                failed++;
            }
        }

        return (ok, failed);
    }

    /// <summary>Reads one response; true for a 200 with a body.</summary>
    private static async Task<bool> ReadResponseAsync(Socket socket, byte[] buffer)
    {
        var length = 0;
        var headEnd = -1;
        while (headEnd < 0)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("the server closed the connection");
            }

            length += n;
            headEnd = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
        }

        var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
        var ok = head.Length > 12 && head[9..12] == "200";
        var contentLength = 0;
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = int.Parse(line.AsSpan(15).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var remaining = headEnd + 4 + contentLength - length;
        while (remaining > 0)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(0, Math.Min(buffer.Length, remaining)), SocketFlags.None).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException("the server closed the connection mid-body");
            }

            remaining -= n;
        }

        return ok && contentLength > 0;
    }
}
