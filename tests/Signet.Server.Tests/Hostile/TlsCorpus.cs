using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Signet.Server.Tests.Hostile;

/// <summary>
/// Raw bytes for a TLS port that are not a good handshake: other protocols, garbage, broken TLS records (RFC 8446
/// §5.1: type, legacy version, 16-bit length), SSLv2, and a real ClientHello (the one .NET's own client sends, recorded
/// once) cut short and mutated at fixed places, so every run sends the same bytes.
/// </summary>
public static class TlsCorpus
{
    private static readonly Lazy<byte[]> Hello = new(RecordClientHello);

    public static IReadOnlyDictionary<string, byte[]> Raw { get; } = Build().ToDictionary(c => c.Id, c => c.Bytes);

    private static IEnumerable<(string Id, byte[] Bytes)> Build()
    {
        var random = new Random(7512);
        byte[] Garbage(int n)
        {
            var b = new byte[n];
            random.NextBytes(b);
            return b;
        }

        yield return ("plain-http get", Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        yield return ("plain-http post json", Encoding.ASCII.GetBytes("POST /api/v1/log/entries HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"));
        yield return ("plain-http metrics", Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        yield return ("plain-http h2-preface", [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, 4, 0, 0, 0, 0, 0]);
        yield return ("plain-http connect", Encoding.ASCII.GetBytes("CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\n\r\n"));
        yield return ("empty", []);
        yield return ("one-byte", [0x16]);
        yield return ("garbage small", Garbage(64));
        yield return ("garbage large", Garbage(256 * 1024));
        yield return ("nul bytes", new byte[4096]);
        yield return ("record header only", [0x16, 0x03, 0x01, 0x00]);
        yield return ("record length huge", [0x16, 0x03, 0x01, 0xff, 0xff, .. Garbage(100)]);
        yield return ("record length zero flood", [.. Enumerable.Repeat(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x00 }, 2000).SelectMany(b => b)]);
        yield return ("record version garbage", [0x16, 0xfe, 0xff, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00]);
        yield return ("handshake length beyond record", [0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0xff, 0xff, 0xff, 0x03, 0x03, 0x00, 0x00]);
        yield return ("handshake type unknown", [0x16, 0x03, 0x01, 0x00, 0x04, 0xee, 0x00, 0x00, 0x00]);
        yield return ("server hello from a client", [0x16, 0x03, 0x03, 0x00, 0x26, 0x02, 0x00, 0x00, 0x22, 0x03, 0x03, .. new byte[32], 0x00, 0x00]);
        yield return ("alert first", [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);
        yield return ("application data first", [0x17, 0x03, 0x03, 0x00, 0x10, .. Garbage(16)]);
        yield return ("change cipher spec first", [0x14, 0x03, 0x03, 0x00, 0x01, 0x01]);
        yield return ("heartbeat request", [0x18, 0x03, 0x02, 0x00, 0x03, 0x01, 0x40, 0x00]);
        yield return ("sslv2 client hello", [0x80, 0x2e, 0x01, 0x00, 0x02, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10, .. Enumerable.Repeat((byte)0x00, 21), .. Garbage(16)]);

        var hello = Hello.Value;
        foreach (var cut in new[] { 5, 9, 11, 43, 44, hello.Length / 2, hello.Length - 1 })
        {
            yield return ($"client-hello cut at {cut}", hello[..cut]);
        }

        // The handshake length, session-id length, cipher-suites length and extensions length set to their maximum;
        // then single bytes flipped at fixed random places past the record header.
        foreach (var (name, at) in new[] { ("handshake length", 6), ("session id length", 43), ("cipher suites length", 44 + hello[43]) })
        {
            var b = (byte[])hello.Clone();
            b[at] = 0xff;
            yield return ($"client-hello {name} max", b);
        }

        for (var i = 0; i < 12; i++)
        {
            var b = (byte[])hello.Clone();
            var at = 5 + random.Next(hello.Length - 5);
            b[at] ^= (byte)(1 + random.Next(255));
            yield return ($"client-hello byte {at} flipped", b);
        }

        yield return ("client-hello twice", [.. hello, .. hello]);
        yield return ("client-hello then garbage", [.. hello, .. Garbage(4096)]);
        yield return ("client-hello extensions cut", [.. hello[..^8]]);
    }

    /// <summary>The first TLS record .NET's client sends to localhost offering h2 and http/1.1: a real ClientHello.</summary>
    private static byte[] RecordClientHello()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var client = Task.Run(async () =>
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            await using var tls = new SslStream(tcp.GetStream());
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                });
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The recorder closes after the ClientHello.
            }
        });
        using var accepted = listener.AcceptTcpClient();
        var stream = accepted.GetStream();
        var header = new byte[5];
        stream.ReadExactly(header);
        var body = new byte[(header[3] << 8) | header[4]];
        stream.ReadExactly(body);
        accepted.Close();
        client.Wait(TimeSpan.FromSeconds(30));
        return [.. header, .. body];
    }
}
