using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Signet.Hosting.Tls;

/// <summary>TLS on a Kestrel endpoint: TLS 1.2 or 1.3, HTTP/2 or HTTP/1.1 chosen by ALPN (RFC 7301; RFC 9113 §3.2),
/// each handshake presenting the <see cref="ServerCertificate"/> current at that moment; a connection whose first bytes
/// are not a ClientHello is closed before TLS (<see cref="ClientHelloGate"/>).</summary>
public static class TlsListen
{
    private static readonly List<SslApplicationProtocol> Protocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    /// <summary>How long a client has for its ClientHello (<see cref="ClientHelloGate"/>) and then for the handshake.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Makes <paramref name="listen"/> a TLS endpoint serving <paramref name="certificate"/>.</summary>
    /// <param name="listen">Kestrel's endpoint.</param>
    /// <param name="certificate">The certificate, reloaded when its files change.</param>
    public static void Use(ListenOptions listen, ServerCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(certificate);
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.Use(next => ClientHelloGate.Middleware(next, HandshakeTimeout));
        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = certificate.Current,
                ApplicationProtocols = Protocols,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }),
            HandshakeTimeout = HandshakeTimeout,
        });
    }
}
