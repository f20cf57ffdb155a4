using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core;

namespace Signet.Admission.Hosting;

/// <summary>
/// The webhook's TLS certificate, read from PEM files and read again when they change (a renewed Secret), checked at
/// most once per <see cref="RecheckInterval"/>. A renewal that cannot be read keeps the certificate in use.
/// </summary>
public sealed class ServingCertificate : IDisposable
{
    /// <summary>How often the files' modification times are looked at.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(10);

    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly Lock _lock = new();
    private X509Certificate2 _current;
    private DateTime _stamp;
    private long _checkedAt;

    /// <summary>Reads the certificate and key now.</summary>
    /// <exception cref="SignetConfigurationException">They cannot be read, or do not belong together.</exception>
    public ServingCertificate(string certificatePath, string keyPath)
    {
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _stamp = Stamp();
        _current = Load(certificatePath, keyPath);
        _checkedAt = Environment.TickCount64;
    }

    /// <summary>The certificate to present now.</summary>
    public X509Certificate2 Current
    {
        get
        {
            var now = Environment.TickCount64;
            if (now - Interlocked.Read(ref _checkedAt) < (long)RecheckInterval.TotalMilliseconds)
            {
                return Volatile.Read(ref _current);
            }

            lock (_lock)
            {
                _checkedAt = now;
                var stamp = Stamp();
                if (stamp != _stamp)
                {
                    try
                    {
                        // The old certificate is not disposed: a handshake may still be using it.
                        Volatile.Write(ref _current, Load(_certificatePath, _keyPath));
                        _stamp = stamp;
                    }
                    catch (SignetConfigurationException)
                    {
                        // Half-written renewal: try again at the next check.
                    }
                }

                return _current;
            }
        }
    }

    /// <summary>Reads a PEM certificate and its PEM private key.</summary>
    /// <exception cref="SignetConfigurationException">They cannot be read, or do not belong together.</exception>
    public static X509Certificate2 Load(string certificatePath, string keyPath)
    {
        try
        {
            // A chain and a key are a few KB; 1 MiB each at most (a device or a FIFO named by mistake is refused).
            return X509Certificate2.CreateFromPem(Files.BoundedFile.ReadText(certificatePath, 1 << 20), Files.BoundedFile.ReadText(keyPath, 1 << 20));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new SignetConfigurationException($"TLS certificate {certificatePath} with key {keyPath}: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _current.Dispose();

    private DateTime Stamp() => new[] { _certificatePath, _keyPath }.Max(p => File.Exists(p) ? File.GetLastWriteTimeUtc(p) : DateTime.MinValue);
}
