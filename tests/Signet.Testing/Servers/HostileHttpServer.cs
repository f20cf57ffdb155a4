using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Signet.Testing.Servers;

/// <summary>How a <see cref="HostileHttpServer"/> sends the body after its headers.</summary>
public enum HostileBody
{
    /// <summary>The given text, with its <c>Content-Length</c>: a well-formed answer (a challenge, a broken document).</summary>
    Complete,

    /// <summary>Announces 1,000 bytes, sends one, then nothing more while the connection stays open.</summary>
    Stall,

    /// <summary>Chunked, one byte every 200 ms, for ever.</summary>
    Trickle,

    /// <summary>Chunked, 64 KiB chunks as fast as the client takes them, up to <see cref="HostileHttpServer.FloodLimit"/> bytes.</summary>
    Flood,
}

/// <summary>
/// A real HTTP/1.1 server on loopback that answers every request alike: a status line and headers at once, then a body
/// that is complete or misbehaves (<see cref="HostileBody"/>): what a broken proxy, an overloaded service or a hostile
/// one does. Clients must give up within their time and size limits; the server counts what it managed to send.
/// </summary>
public sealed class HostileHttpServer : IAsyncDisposable
{
    /// <summary>The most a <see cref="HostileBody.Flood"/> sends before it ends the body properly.</summary>
    public const long FloodLimit = 256L << 20;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly HostileBody _body;
    private readonly int _status;
    private readonly byte[] _text;
    private readonly (string Name, string Value)[] _headers;
    private long _bodyBytesSent;
    private int _requests;

    private HostileHttpServer(HostileBody body, int status, string text, (string Name, string Value)[] headers)
    {
        _body = body;
        _status = status;
        _text = Encoding.UTF8.GetBytes(text);
        _headers = headers;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>The server's base URL, ending in <c>/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Requests whose head the server has read.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Body bytes written to all clients so far (what a client read before it gave up, and what it left in
    /// the socket buffers).</summary>
    public long BodyBytesSent => Interlocked.Read(ref _bodyBytesSent);

    /// <summary>Starts a server answering <paramref name="status"/> and <paramref name="headers"/> with the body
    /// behaviour <paramref name="body"/> (<paramref name="text"/> for <see cref="HostileBody.Complete"/>).</summary>
    public static HostileHttpServer Start(HostileBody body, int status = 200, string text = "", params (string Name, string Value)[] headers) =>
        new(body, status, text, headers);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadHeadAsync(stream);
                Interlocked.Increment(ref _requests);
                var head = new StringBuilder()
                    .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {_status} Hostile\r\nContent-Type: application/json\r\n")
                    .Append(_body switch
                    {
                        HostileBody.Complete => $"Content-Length: {_text.Length}\r\nConnection: close\r\n",
                        HostileBody.Stall => "Content-Length: 1000\r\n",
                        _ => "Transfer-Encoding: chunked\r\n",
                    });
                foreach (var (name, value) in _headers)
                {
                    head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
                }

                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                switch (_body)
                {
                    case HostileBody.Complete:
                        await SendAsync(stream, _text);
                        break;
                    case HostileBody.Stall:
                        await SendAsync(stream, "{"u8.ToArray());
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        break;
                    case HostileBody.Trickle:
                        while (true)
                        {
                            await SendAsync(stream, "1\r\n \r\n"u8.ToArray(), 1);
                            await Task.Delay(200, _stop.Token);
                        }

                    case HostileBody.Flood:
                        var chunk = new byte[64 << 10];
                        Array.Fill(chunk, (byte)' ');
                        var framed = Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n").Concat(chunk).Concat("\r\n"u8.ToArray()).ToArray();
                        for (long sent = 0; sent < FloodLimit; sent += chunk.Length)
                        {
                            await SendAsync(stream, framed, chunk.Length);
                        }

                        await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), _stop.Token);
                        break;
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client gave up, or the server is stopping.
            }
        }
    }

    private async Task SendAsync(NetworkStream stream, byte[] bytes, int bodyBytes = -1)
    {
        await stream.WriteAsync(bytes, _stop.Token);
        Interlocked.Add(ref _bodyBytesSent, bodyBytes < 0 ? bytes.Length : bodyBytes);
    }

    // The request line and headers, up to the blank line; a body the client sends is left unread (the answer does not
    // depend on it, and the client does not wait for it to be read).
    private async Task ReadHeadAsync(NetworkStream stream)
    {
        var seen = new List<byte>();
        var one = new byte[1];
        while (seen.Count < 64 << 10)
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                throw new IOException("closed before the end of the request head");
            }

            seen.Add(one[0]);
            if (seen.Count >= 4 && seen[^4] == '\r' && seen[^3] == '\n' && seen[^2] == '\r' && seen[^1] == '\n')
            {
                return;
            }
        }
    }
}
