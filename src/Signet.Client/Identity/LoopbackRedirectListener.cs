using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Signet.Client.Identity;

/// <summary>
/// The redirect target of a native app's login (RFC 8252 §7.3): an HTTP listener on the loopback IP literal and a
/// port the OS picks, which answers the browser's one <c>GET /callback?…</c> and hands its query to the login.
/// Any other request gets a 404 and the listener keeps waiting; request heads are bounded in size and time.
/// </summary>
public sealed class LoopbackRedirectListener : IDisposable
{
    /// <summary>The path of the redirect URI, as Sigstore clients register it.</summary>
    public const string CallbackPath = "/callback";
    private const int MaxHeadBytes = 16 * 1024;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;

    private LoopbackRedirectListener(TcpListener listener)
    {
        _listener = listener;
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        // RFC 8252 §7.3: "http://127.0.0.1:{port}/{path}"; §8.3: the IP literal, not "localhost".
        RedirectUri = new Uri($"http://127.0.0.1:{port}{CallbackPath}");
    }

    /// <summary>The URI to send as <c>redirect_uri</c>: <c>http://127.0.0.1:PORT/callback</c>.</summary>
    public Uri RedirectUri { get; }

    /// <summary>Listens on 127.0.0.1 with an ephemeral port.</summary>
    public static LoopbackRedirectListener Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new LoopbackRedirectListener(listener);
    }

    /// <summary>Waits for the browser's redirect and returns its query parameters; the browser is shown
    /// <paramref name="page"/>'s answer for them.</summary>
    public async Task<IReadOnlyDictionary<string, string>> WaitForCallbackAsync(
        Func<IReadOnlyDictionary<string, string>, string> page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        while (true)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            string? target;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(ReadTimeout);
                try
                {
                    target = await ReadRequestTargetAsync(stream, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    continue; // a connection that never sent a request (a browser's speculative pre-connect)
                }
                catch (IOException)
                {
                    continue;
                }
            }

            var query = target is null ? null : CallbackQuery(target);
            if (query is null)
            {
                await RespondAsync(stream, "404 Not Found", "Not found.", cancellationToken).ConfigureAwait(false);
                continue;
            }

            await RespondAsync(stream, "200 OK", page(query), cancellationToken).ConfigureAwait(false);
            return query;
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();

    /// <summary>Reads the request head and returns the target of a <c>GET</c>, or null for anything else.</summary>
    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (true)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }

            length += n;
            var head = Encoding.ASCII.GetString(buffer, 0, length);
            if (head.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                // RFC 9112 §3: request-line = method SP request-target SP HTTP-version.
                var line = head[..head.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
                return line.Length == 3 && line[0] == "GET" && line[2].StartsWith("HTTP/1.", StringComparison.Ordinal) ? line[1] : null;
            }

            if (length == buffer.Length)
            {
                return null;
            }
        }
    }

    /// <summary>The query of <c>/callback?…</c> (each name once), or null for any other target.</summary>
    internal static Dictionary<string, string>? CallbackQuery(string target)
    {
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? target : target[..q];
        if (path != CallbackPath)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (q < 0)
        {
            return result;
        }

        foreach (var pair in target[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Unescape(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Unescape(pair[(eq + 1)..]);

            // RFC 6749 §3.1: parameters MUST NOT be repeated — a repeated one makes the whole callback unusable.
            if (!result.TryAdd(name, value))
            {
                throw new IdentityTokenException($"the login redirect repeats the parameter '{name}'");
            }
        }

        return result;
    }

    private static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    private static async Task RespondAsync(NetworkStream stream, string status, string text, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($"<!doctype html><html><head><meta charset=\"utf-8\"><title>signet</title></head><body><p>{WebUtility.HtmlEncode(text)}</p></body></html>");
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
        try
        {
            await stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The browser went away; the login itself does not depend on it seeing the page.
        }
    }
}
