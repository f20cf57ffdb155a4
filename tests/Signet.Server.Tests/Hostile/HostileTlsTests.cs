using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Signet.Hosting.Tls;
using Signet.Testing.Tls;

namespace Signet.Server.Tests.Hostile;

/// <summary>A server listening with TLS (<c>--tls-cert --tls-key</c>), its own CA, what it logs at Error kept.</summary>
public sealed class HostileTlsFixture : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-hostile-tls-").FullName;

    public TestTlsCertificates Pki { get; private set; } = null!;

    public TestServer Server { get; private set; } = null!;

    public ErrorLog Errors { get; } = new();

    public async Task InitializeAsync()
    {
        Pki = new TestTlsCertificates(_dir);
        var (_, certFile, keyFile) = Pki.IssueServer("server");
        Server = await TestServer.StartAsync(
            o => o with { Tls = new TlsOptions { CertificateFile = certFile, KeyFile = keyFile } },
            builder => builder.Logging.AddProvider(Errors));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Pki.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>
/// The TLS listener (session 14) under the malformed-input corpus's rules: plain HTTP, an HTTP/2 preface in clear,
/// garbage, broken records and a real ClientHello cut and mutated, sent to the TLS port, and garbage HTTP inside a good
/// TLS session. Each gets a refusal (the connection closed, or a 4xx inside TLS), never a 5xx, nothing logged at
/// Error, and the server keeps answering over TLS.
/// </summary>
public sealed class HostileTlsTests(HostileTlsFixture fixture) : IClassFixture<HostileTlsFixture>
{
    public static TheoryData<string> RawCases() => [.. TlsCorpus.Raw.Keys];

    [Fact]
    public void The_tls_corpus_has_plain_http_garbage_and_mutated_client_hellos() =>
        Assert.True(TlsCorpus.Raw.Count >= 30 && TlsCorpus.Raw.Keys.Count(k => k.StartsWith("client-hello ", StringComparison.Ordinal)) >= 15, $"{TlsCorpus.Raw.Count} cases");

    [Theory]
    [MemberData(nameof(RawCases))]
    public async Task Bytes_that_are_not_a_good_tls_handshake_are_refused_and_the_server_keeps_serving(string id)
    {
        fixture.Errors.Clear();
        var answer = await SendRawAsync(TlsCorpus.Raw[id]);
        if (answer.StartsWith("HTTP/", StringComparison.Ordinal))
        {
            var status = int.Parse(answer.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(status is >= 400 and < 500, $"{id}: {answer[..Math.Min(200, answer.Length)]}");
        }

        await AssertStillServingAsync(id);
    }

    [Theory]
    [InlineData("http/1.1", "BREW /\u0000\u00ff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")]
    [InlineData("http/1.1", "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: -5\r\n\r\n")]
    [InlineData("http/1.1", "POST /api/v1/log/entries HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{\"kind\":\u00ff")]
    [InlineData("http/1.1", "\u0016\u0003\u0001\u0000\u0005hello")]
    [InlineData("h2", "GET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("h2", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0005\u0004\u0000\u0000\u0000\u0000\u0000\u00ff\u00ff\u00ff\u00ff\u00ff")]
    public async Task Garbage_inside_a_good_tls_session_is_refused(string alpn, string garbage)
    {
        fixture.Errors.Clear();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Server.BaseUrl.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => IssuedByTestCa(certificate));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = [alpn == "h2" ? SslApplicationProtocol.Http2 : SslApplicationProtocol.Http11],
        });
        await tls.WriteAsync(Encoding.Latin1.GetBytes(garbage));
        var answer = await ReadAllAsync(tls);
        if (answer.StartsWith("HTTP/", StringComparison.Ordinal))
        {
            Assert.StartsWith("HTTP/1.1 4", answer, StringComparison.Ordinal);
        }

        await AssertStillServingAsync(garbage);
    }

    private bool IssuedByTestCa(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(fixture.Pki.Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private async Task<string> SendRawAsync(byte[] bytes)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Server.BaseUrl.Port);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(bytes);
            tcp.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server may drop the connection before it has read everything.
        }

        return await ReadAllAsync(stream);
    }

    /// <summary>What the server sends until it closes (bounded by the handshake timeout of 10 s, with margin).</summary>
    private static async Task<string> ReadAllAsync(Stream stream)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0 && received.Length < 1 << 20)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (IOException)
        {
            // A reset: keep what arrived.
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    private async Task AssertStillServingAsync(string id)
    {
        using var http = fixture.Pki.Client();
        using var r = await http.GetAsync(new Uri(fixture.Server.BaseUrl, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.True(fixture.Errors.Entries.Count == 0, $"{id}: the server logged {string.Join(" | ", fixture.Errors.Entries)}");
    }
}
