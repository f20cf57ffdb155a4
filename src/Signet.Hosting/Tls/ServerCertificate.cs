using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Signet.Core;
using Signet.Files;

namespace Signet.Hosting.Tls;

/// <summary>
/// The certificate Kestrel presents, loaded from <see cref="TlsOptions.CertificateFile"/> and
/// <see cref="TlsOptions.KeyFile"/> and loaded again when either file changes: each handshake asks for
/// <see cref="Current"/>, which looks at what the files hold (their SHA-256, through links) at most every
/// <see cref="TlsOptions.ReloadCheckInterval"/>. A changed pair that does not load (half-written, key not matching)
/// keeps the certificate in use and logs one warning per change. Thread-safe.
/// </summary>
public sealed partial class ServerCertificate : IDisposable
{
    private const int MaxPemFileBytes = 1 << 20;

    private readonly TlsOptions _options;
    private readonly FileContentCheck _files;
    private readonly Lock _reloading = new();
    private Loaded _current;

    /// <summary>Loads the pair now.</summary>
    /// <param name="options">The files.</param>
    /// <param name="time">The clock of the reload checks.</param>
    /// <exception cref="SignetConfigurationException">A file is missing or unreadable, not PEM, or the key does not match the certificate.</exception>
    public ServerCertificate(TlsOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _files = new FileContentCheck([options.CertificateFile, options.KeyFile], options.ReloadCheckInterval, MaxPemFileBytes, time);
        try
        {
            _current = Load(options);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new SignetConfigurationException($"--tls-cert {options.CertificateFile} / --tls-key {options.KeyFile}: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Where reloads are reported (set once the host's logging exists).</summary>
    public ILogger Logger { get; set; } = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    /// <summary>The server certificate in use (its subject and validity are what a client sees).</summary>
    public X509Certificate2 Certificate => Volatile.Read(ref _current).Leaf;

    /// <summary>The certificate and chain to present now, reloaded first when the files changed.</summary>
    public SslStreamCertificateContext Current
    {
        get
        {
            if (_files.Changed())
            {
                Reload();
            }

            return Volatile.Read(ref _current).Context;
        }
    }

    // Once per change (FileContentCheck tells one caller); handshakes meanwhile keep the previous certificate.
    private void Reload()
    {
        lock (_reloading)
        {
            try
            {
                // Handshakes in flight may still hold the previous context; it is left to the GC, not disposed.
                var next = Load(_options);
                Volatile.Write(ref _current, next);
                var subject = next.Leaf.Subject;
                var notAfter = next.Leaf.NotAfter.ToUniversalTime();
                LogReloaded(Logger, subject, notAfter);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                var reason = OneLine(e.Message);
                LogReloadRefused(Logger, _options.CertificateFile, _options.KeyFile, reason);
            }
        }
    }

    private static Loaded Load(TlsOptions options)
    {
        // The first certificate is the server's and must match the key; the rest are its intermediates, sent with it
        // (RFC 8446 §4.4.2). The context is built offline: nothing is downloaded to complete the chain.
        // A chain and a key are a few KB; 1 MiB each at most (a device or a FIFO named by mistake is refused).
        var chainPem = BoundedFile.ReadText(options.CertificateFile, MaxPemFileBytes);
        var leaf = X509Certificate2.CreateFromPem(chainPem, BoundedFile.ReadText(options.KeyFile, MaxPemFileBytes));
        if (!leaf.HasPrivateKey)
        {
            leaf.Dispose();
            throw new CryptographicException("the key does not belong to the first certificate");
        }

        var all = new X509Certificate2Collection();
        all.ImportFromPem(chainPem);
        var intermediates = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            intermediates.Add(all[i]);
        }

        all[0].Dispose();
        return new Loaded(leaf, SslStreamCertificateContext.Create(leaf, intermediates, offline: true));
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>Disposes the certificate in use.</summary>
    public void Dispose() => _current.Leaf.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS: serving the new certificate {Subject} (valid until {NotAfter:O})")]
    private static partial void LogReloaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TLS: {CertificateFile} / {KeyFile} changed but do not load ({Reason}); still serving the previous certificate")]
    private static partial void LogReloadRefused(ILogger logger, string certificateFile, string keyFile, string reason);

    private sealed record Loaded(X509Certificate2 Leaf, SslStreamCertificateContext Context);
}
