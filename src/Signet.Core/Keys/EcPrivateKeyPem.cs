using System.Security.Cryptography;

namespace Signet.Core.Keys;

/// <summary>
/// An ECDSA private key read from PEM text, for the keys that sign certificates, timestamps and tokens through .NET's
/// <see cref="ECDsa"/>: PKCS#8 <c>PRIVATE KEY</c> (RFC 5958, RFC 7468 §10) or SEC 1 <c>EC PRIVATE KEY</c> (RFC 5915),
/// the forms .NET and OpenSSL write. Anything else — another key type, a public key, an encrypted key, text that is not PEM — is a
/// <see cref="SignetFormatException"/> naming what was read, never an exception of the platform's.
/// </summary>
public static class EcPrivateKeyPem
{
    /// <summary>Imports the key; the caller owns (and disposes) the result.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="what">What the text is, for the message (a file name, an option).</param>
    /// <exception cref="SignetFormatException">The text holds no unencrypted EC private key.</exception>
    public static ECDsa Import(string pem, string what)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem); // also takes a PUBLIC KEY block, which would fail only at the first signature; an
            // unknown curve OID is PlatformNotSupportedException (found by fuzz/ private-key, kept in fuzz/regressions/private-key)
            var parameters = key.ExportParameters(includePrivateParameters: true); // throws for a public key alone
            CryptographicOperations.ZeroMemory(parameters.D);
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or PlatformNotSupportedException)
        {
            key.Dispose();
            throw new SignetFormatException($"{what}: not an unencrypted PEM EC private key ({e.Message})", e);
        }
    }
}
