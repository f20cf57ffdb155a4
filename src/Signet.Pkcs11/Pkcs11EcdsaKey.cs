using System.Security.Cryptography;
using Signet.Pkcs11.Native;

namespace Signet.Pkcs11;

/// <summary>
/// An ECDSA key whose private half stays in a PKCS#11 token: every signature is a C_Sign with CKM_ECDSA over the hash
/// (PKCS#11 v2.40 §2.3.6), so it works wherever the BCL takes an <see cref="ECDsa"/> — <c>CertificateRequest</c> and
/// <c>X509SignatureGenerator</c>, <c>CmsSigner</c>, <c>SignData</c> in either signature format. Exporting the private
/// parameters fails (the token holds the key as CKA_SENSITIVE, not CKA_EXTRACTABLE); the public ones come from the
/// token's public key object. One session per key; signatures are serialised on it (PKCS#11 §5.6), and one the token
/// fails to make is a <see cref="Signet.Core.SignetUnavailableException"/> (after one new login or session, <see cref="Pkcs11Signer"/>).
/// </summary>
public sealed class Pkcs11EcdsaKey : ECDsa
{
    private readonly Pkcs11Signer _signer;
    private readonly ECParameters _public;
    private readonly Lock _gate = new();
    private ECDsa? _verifier;

    internal Pkcs11EcdsaKey(Pkcs11Signer signer, ECParameters publicParameters, Pkcs11Uri uri)
    {
        _signer = signer;
        _public = publicParameters;
        Uri = uri;
        KeySizeValue = (publicParameters.Q.X!.Length * 8) switch
        {
            528 => 521,
            var bits => bits,
        };
        LegalKeySizesValue = [new KeySizes(KeySizeValue, KeySizeValue, 0)];
    }

    /// <summary>Where the key lives (the PIN hidden when printed).</summary>
    public Pkcs11Uri Uri { get; }

    /// <summary>What signs: the session and the private key's handle.</summary>
    internal Pkcs11Signer Signer => _signer;

    /// <summary>The signature of <paramref name="hash"/>, made in the token.</summary>
    /// <param name="hash">The hash to sign.</param>
    /// <exception cref="Signet.Core.SignetUnavailableException">The token does not sign (a server answers 503).</exception>
    public override byte[] SignHash(byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        // CKM_ECDSA: the input is the hash, the output r ‖ s (IEEE P1363), each the size of the order.
        return _signer.Sign(CkConstants.CKM_ECDSA, hash);
    }

    /// <inheritdoc/>
    public override bool VerifyHash(byte[] hash, byte[] signature) => Verifier().VerifyHash(hash, signature);

    /// <summary>The public parameters; the private ones never leave the token.</summary>
    /// <param name="includePrivateParameters">Must be false.</param>
    public override ECParameters ExportParameters(bool includePrivateParameters) => includePrivateParameters
        ? throw new CryptographicException($"PKCS#11 {Uri}: the private key stays in the token and cannot be exported")
        : _public;

    /// <inheritdoc/>
    public override ECParameters ExportExplicitParameters(bool includePrivateParameters) => includePrivateParameters
        ? throw new CryptographicException($"PKCS#11 {Uri}: the private key stays in the token and cannot be exported")
        : Verifier().ExportExplicitParameters(false);

    /// <summary>Not supported: the key is the token's.</summary>
    public override void ImportParameters(ECParameters parameters) =>
        throw new CryptographicException("a PKCS#11 key cannot be replaced; generate a new one in the token");

    /// <summary>Not supported: the key is the token's.</summary>
    public override void GenerateKey(ECCurve curve) =>
        throw new CryptographicException("a PKCS#11 key is generated in the token (Pkcs11Keys.GenerateEcdsa)");

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _verifier?.Dispose();
            _signer.Dispose();
        }

        base.Dispose(disposing);
    }

    private ECDsa Verifier()
    {
        lock (_gate)
        {
            return _verifier ??= Create(_public);
        }
    }
}
