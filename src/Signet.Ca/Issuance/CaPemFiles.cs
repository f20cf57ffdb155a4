using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Certificates;
using Signet.Core.Encoding;

namespace Signet.Ca.Issuance;

/// <summary>
/// An operator's own CA (<c>signet serve --ca-cert CHAIN.pem --ca-key KEY.pem [--ca-key-password-file F]</c>): a PEM
/// chain, issuing certificate first and root last, and the issuing certificate's ECDSA private key as PKCS#8 PEM,
/// plain (<c>PRIVATE KEY</c>) or encrypted (<c>ENCRYPTED PRIVATE KEY</c>, RFC 5958 §3 with PBES2). Checked before use,
/// failing closed: every certificate is a CA (RFC 5280 §4.2.1.9) allowed to sign certificates (§4.2.1.3), each is
/// signed by the next, the last is self-signed, and the key belongs to the first.
/// </summary>
public static class CaPemFiles
{
    public const int MaxChainLength = 5;

    public static CaMaterial Load(string chainPem, string keyPem, string? password)
    {
        ArgumentNullException.ThrowIfNull(chainPem);
        ArgumentNullException.ThrowIfNull(keyPem);
        var chain = ReadChain(chainPem);
        return Load(chain, ReadKey(keyPem, password));
    }

    /// <summary>The chain with an issuing key held elsewhere (a PKCS#11 token's); <paramref name="key"/> is owned by the result.</summary>
    /// <param name="chainPem">The PEM chain, issuing certificate first, root last.</param>
    /// <param name="key">The issuing certificate's key.</param>
    public static CaMaterial Load(string chainPem, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(chainPem);
        ArgumentNullException.ThrowIfNull(key);
        X509Certificate2[] chain;
        try
        {
            chain = ReadChain(chainPem);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return Load(chain, key);
    }

    private static CaMaterial Load(X509Certificate2[] chain, ECDsa key)
    {
        try
        {
            // IssuingKey refuses a key that is not the first certificate's (CertifiedKey).
            return new CaMaterial(new IssuingKey(chain[0], key), chain[1..], chain[^1]);
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new SignetFormatException($"--ca-key: {e.Message}", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static X509Certificate2[] ReadChain(string chainPem)
    {
        var blocks = Pem.DecodeAll(chainPem);
        if (blocks.Any(b => b.Label != PemLabels.Certificate))
        {
            throw new SignetFormatException("--ca-cert: only CERTIFICATE blocks are allowed");
        }

        if (blocks.Count > MaxChainLength)
        {
            throw new SignetFormatException($"--ca-cert: {blocks.Count} certificates, at most {MaxChainLength}");
        }

        var certs = blocks.Select((b, i) => CertificateDecoder.Load(b.Der, $"--ca-cert certificate {i}")).ToArray();
        for (var i = 0; i < certs.Length; i++)
        {
            var c = certs[i];
            if (c.Extensions[X509Oids.BasicConstraints] is not X509BasicConstraintsExtension { CertificateAuthority: true })
            {
                throw new SignetFormatException($"--ca-cert certificate {i}: not a CA certificate (basicConstraints cA)");
            }

            if (c.Extensions[X509Oids.KeyUsage] is X509KeyUsageExtension ku && (ku.KeyUsages & X509KeyUsageFlags.KeyCertSign) == 0)
            {
                throw new SignetFormatException($"--ca-cert certificate {i}: key usage lacks keyCertSign");
            }

            var parts = X509Parts.Parse(c.RawData, $"--ca-cert certificate {i}");
            var issuer = i + 1 < certs.Length ? certs[i + 1] : c;
            if (!parts.IssuerName.Span.SequenceEqual(issuer.SubjectName.RawData) || !parts.IsSignedBy(issuer))
            {
                throw new SignetFormatException(i + 1 < certs.Length
                    ? $"--ca-cert certificate {i}: not issued by certificate {i + 1} (issuing certificate first, root last)"
                    : $"--ca-cert certificate {i}: the last certificate must be a self-signed root");
            }
        }

        return certs;
    }

    private static ECDsa ReadKey(string keyPem, string? password)
    {
        var label = Pem.DecodeAll(keyPem) switch
        {
            [var one] => one.Label,
            _ => throw new SignetFormatException("--ca-key: expected exactly one PEM block"),
        };
        var key = ECDsa.Create();
        try
        {
            switch (label)
            {
                case PemLabels.EncryptedPrivateKey:
                    if (password is null)
                    {
                        throw new SignetFormatException("--ca-key: the key is encrypted; give --ca-key-password-file");
                    }

                    key.ImportFromEncryptedPem(keyPem, password);
                    break;
                case PemLabels.PrivateKey:
                    if (password is not null)
                    {
                        throw new SignetFormatException("--ca-key: a password file was given but the key is not encrypted");
                    }

                    key.ImportFromPem(keyPem);
                    break;
                default:
                    throw new SignetFormatException($"--ca-key: a '{label}' block; expected PKCS#8 'PRIVATE KEY' or 'ENCRYPTED PRIVATE KEY'");
            }

            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new SignetFormatException(label == PemLabels.EncryptedPrivateKey
                ? "--ca-key: cannot decrypt the key (wrong password?) or it is not an ECDSA key"
                : "--ca-key: not an ECDSA PKCS#8 private key", e);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
