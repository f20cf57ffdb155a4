namespace Signet.Hosting.Tls;

/// <summary>The server's TLS certificate files (<c>--tls-cert</c>, <c>--tls-key</c>), reloaded when they change.</summary>
public sealed record TlsOptions
{
    /// <summary>PEM certificate chain: the server's certificate first, then any intermediates.</summary>
    public required string CertificateFile { get; init; }

    /// <summary>PEM private key of the server's certificate (PKCS#8, SEC 1 or PKCS#1; unencrypted).</summary>
    public required string KeyFile { get; init; }

    /// <summary>Handshakes look at the files at most this often (what they hold, through links); a change loads them again.</summary>
    public TimeSpan ReloadCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(CertificateFile) || string.IsNullOrWhiteSpace(KeyFile))
        {
            throw new ArgumentException("--tls-cert and --tls-key go together");
        }

        if (ReloadCheckInterval < TimeSpan.Zero)
        {
            throw new ArgumentException("the TLS reload interval must not be negative");
        }
    }
}
