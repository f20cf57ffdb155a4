using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Encoding;

namespace Signet.Core.Keys;

/// <summary>
/// A public key that verifies signatures: ECDSA P-256/P-384/P-521 (signatures in DER, RFC 3279 §2.2.3, as Sigstore
/// uses them), Ed25519 / Ed25519ph (RFC 8032) and RSA 2048/3072/4096 (PKCS#1 v1.5 or PSS, RFC 8017).
/// Immutable and safe to share between threads; it lives as long as the trust material that holds it.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Long-lived shared trust material; native handles are released by their finalizers.")]
public sealed class VerificationKey
{
    private readonly byte[] _spki;
    private readonly KeyInstancePool<ECDsa>? _ecdsa;
    private readonly KeyInstancePool<RSA>? _rsa;
    private readonly NSec.Cryptography.PublicKey? _ed25519;
    private readonly NSec.Cryptography.PublicKey? _ed25519ph;
    private readonly byte[]? _ed25519Raw;

    private VerificationKey(byte[] spki, KeyKind kind, ECDsa? ecdsa, RSA? rsa, NSec.Cryptography.PublicKey? ed25519, byte[]? ed25519Raw)
    {
        _spki = spki;
        Kind = kind;
        _ecdsa = ecdsa is null ? null : new KeyInstancePool<ECDsa>(ecdsa, () => ImportEcdsa(kind, spki, SpkiReader.Read(spki).KeyBits));
        _rsa = rsa is null ? null : new KeyInstancePool<RSA>(rsa, () => Import(RSA.Create(), spki));
        _ed25519 = ed25519;
        _ed25519Raw = ed25519Raw;
        if (ed25519Raw is not null)
        {
            // NSec binds a public key to one algorithm; Ed25519ph (RFC 8032 §5.1) reuses the same 32 bytes.
            _ed25519ph = NSec.Cryptography.PublicKey.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519ph, ed25519Raw, NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        }
        DefaultAlgorithm = SigningAlgorithms.DefaultFor(kind);
    }

    /// <summary>The DER SubjectPublicKeyInfo (a copy).</summary>
    public byte[] SpkiDer => (byte[])_spki.Clone();

    /// <summary>The key type and size (ECDSA curve, RSA modulus, Ed25519).</summary>
    public KeyKind Kind { get; }

    /// <summary>The algorithm the key's type implies (ECDSA with the curve's hash, RSA PKCS#1 v1.5, pure Ed25519).</summary>
    public SigningAlgorithm DefaultAlgorithm { get; }

    /// <summary>
    /// The 32 raw Ed25519 public-key bytes (RFC 8032 §5.1.5) the SubjectPublicKeyInfo wraps, as C2SP key IDs, TUF
    /// <c>keyval.public</c> and <see cref="FromEd25519"/> take them; empty for other kinds.
    /// </summary>
    public ReadOnlySpan<byte> Ed25519Raw => _ed25519Raw;

    internal ReadOnlySpan<byte> SpkiSpan => _spki;

    /// <summary>
    /// Imports a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) of a kind Sigstore signs with; anything else is a
    /// <see cref="SignetFormatException"/>.
    /// </summary>
    public static VerificationKey FromSpki(ReadOnlySpan<byte> der)
    {
        var (kind, bits) = SpkiReader.Read(der);
        var spki = der.ToArray();
        try
        {
            switch (kind)
            {
                case KeyKind.Ed25519:
                    if (!NSec.Cryptography.PublicKey.TryImport(NSec.Cryptography.SignatureAlgorithm.Ed25519, bits, NSec.Cryptography.KeyBlobFormat.RawPublicKey, out var pub) || pub is null)
                    {
                        throw new SignetFormatException("public key: not a valid Ed25519 public key");
                    }

                    return new VerificationKey(spki, kind, null, null, pub, bits);
                case KeyKind.EcdsaP256 or KeyKind.EcdsaP384 or KeyKind.EcdsaP521:
                    return new VerificationKey(spki, kind, ImportEcdsa(kind, spki, bits), null, null, null);
                default:
                    var rsa = RSA.Create();
                    rsa.ImportSubjectPublicKeyInfo(spki, out _);
                    return new VerificationKey(spki, RsaKindOf(rsa.KeySize), null, rsa, null, null);
            }
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException)
        {
            throw new SignetFormatException($"public key: the {kind} key does not import ({e.Message})", e);
        }
    }

    /// <summary>Reads a <c>PUBLIC KEY</c> PEM block (SPKI).</summary>
    public static VerificationKey FromPem(string pem) => FromSpki(Pem.Decode(pem, PemLabels.PublicKey));

    /// <summary>
    /// An Ed25519 public key from its 32 raw bytes (RFC 8032 §5.1.5), in the SubjectPublicKeyInfo RFC 8410 §4 wraps
    /// them in; any other length is a <see cref="SignetFormatException"/>.
    /// </summary>
    public static VerificationKey FromEd25519(ReadOnlySpan<byte> raw)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(AlgorithmOids.Ed25519);
            }

            writer.WriteBitString(raw);
        }

        return FromSpki(writer.Encode());
    }

    /// <summary>
    /// The certificate's key. ECDSA and RSA keys reuse the handle the certificate decoder already built (importing
    /// the key a second time costs as much as a signature check); the SPKI is checked exactly as
    /// <see cref="FromSpki"/> checks it.
    /// </summary>
    public static VerificationKey FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var spki = certificate.PublicKey.ExportSubjectPublicKeyInfo();
        var (kind, _) = SpkiReader.Read(spki);
        try
        {
            switch (kind)
            {
                case KeyKind.EcdsaP256 or KeyKind.EcdsaP384 or KeyKind.EcdsaP521:
                    var ecdsa = certificate.GetECDsaPublicKey()
                        ?? throw new SignetFormatException($"public key: the certificate's {kind} key does not import");
                    return new VerificationKey(spki, kind, ecdsa, null, null, null);
                case KeyKind.Rsa2048:
                    var rsa = certificate.GetRSAPublicKey()
                        ?? throw new SignetFormatException("public key: the certificate's RSA key does not import");
                    return new VerificationKey(spki, RsaKindOf(rsa.KeySize), null, rsa, null, null);
                default:
                    return FromSpki(spki);
            }
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException)
        {
            throw new SignetFormatException($"public key: the certificate's {kind} key does not import ({e.Message})", e);
        }
    }

    private static KeyKind RsaKindOf(int bits) => bits switch
    {
        2048 => KeyKind.Rsa2048,
        3072 => KeyKind.Rsa3072,
        4096 => KeyKind.Rsa4096,
        _ => throw new SignetFormatException($"public key: RSA modulus of {bits} bits is not one of 2048, 3072, 4096"),
    };

    /// <summary>
    /// Frees the key's native ECDSA or RSA instances now instead of at finalization, for a key used once (a bundle's
    /// leaf). The key stays usable: a later verification imports an instance again.
    /// </summary>
    internal void ReleaseNativeKeys()
    {
        _ecdsa?.DisposeIdle();
        _rsa?.DisposeIdle();
    }

    /// <summary>Exports the key as a <c>PUBLIC KEY</c> PEM block.</summary>
    public string ToPem() => Pem.Encode(PemLabels.PublicKey, _spki);

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="data"/>. <paramref name="algorithm"/> defaults to
    /// <see cref="DefaultAlgorithm"/>; an algorithm for another kind of key is a format error. A malformed signature is
    /// simply not valid (false).
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, SigningAlgorithm? algorithm = null)
    {
        var alg = CheckAlgorithm(algorithm);
        try
        {
            if (_ed25519 is not null)
            {
                return alg == SigningAlgorithm.PkixEd25519Ph
                    ? NSec.Cryptography.SignatureAlgorithm.Ed25519ph.Verify(_ed25519ph!, data, signature)
                    : NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(_ed25519, data, signature);
            }

            var hash = SigningAlgorithms.HashOf(alg);
            if (_ecdsa is not null)
            {
                using var ecdsa = _ecdsa.Borrow();
                return ecdsa.Key.VerifyData(data, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
            }

            using var rsa = _rsa!.Borrow();
            return rsa.Key.VerifyData(data, signature, hash, PaddingOf(alg));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Verifies a signature over a pre-computed digest of <paramref name="hash"/> (the digest length must match the
    /// hash): ECDSA, RSA, and an Ed25519 key's Ed25519ph signature over a SHA-512 digest when <paramref name="algorithm"/>
    /// is <see cref="SigningAlgorithm.PkixEd25519Ph"/>. Pure Ed25519 signs the message itself (RFC 8032 §5.1.6), so for
    /// it this throws <see cref="NotSupportedException"/>.
    /// </summary>
    public bool VerifyDigest(ReadOnlySpan<byte> digest, HashAlgorithmName hash, ReadOnlySpan<byte> signature, SigningAlgorithm? algorithm = null)
    {
        if (_ed25519 is not null)
        {
            if (algorithm != SigningAlgorithm.PkixEd25519Ph)
            {
                throw new NotSupportedException("Ed25519 signatures cover the message, not a digest (RFC 8032 §5.1.6); Ed25519ph (PKIX_ED25519_PH) signs a SHA-512 digest");
            }

            return hash == Ed25519Prehash.Hash
                ? Ed25519Prehash.Verify(_ed25519Raw, digest, signature)
                : throw new SignetFormatException($"digest: Ed25519ph signs a SHA-512 digest, not {hash.Name}");
        }

        var alg = CheckAlgorithm(algorithm);
        var expected = DigestAlgorithms.LengthOf(hash);
        if (digest.Length != expected)
        {
            throw new SignetFormatException($"digest: {digest.Length} bytes, but {hash.Name} digests are {expected} bytes");
        }

        try
        {
            if (_ecdsa is not null)
            {
                using var ecdsa = _ecdsa.Borrow();
                return ecdsa.Key.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
            }

            using var rsa = _rsa!.Borrow();
            return rsa.Key.VerifyHash(digest, signature, hash, PaddingOf(alg));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// An ECDSA key from its SPKI and the point in it: through OpenSSL's provider where .NET runs on OpenSSL 3
    /// (<see cref="OpenSslEcPublicKey"/>: no redundant n·Q checks, no legacy key to export on first use), else with
    /// .NET's import. Only the uncompressed form is accepted (SEC 1 v2 §2.3.3), as .NET's import requires too.
    /// </summary>
    private static ECDsa ImportEcdsa(KeyKind kind, byte[] spki, ReadOnlySpan<byte> point)
    {
        var coordinate = EllipticCurve.Of(kind).CoordinateBytes;
        if (point.Length != 1 + (2 * coordinate) || point[0] != 0x04)
        {
            throw new SignetFormatException($"public key: the {kind} point is not an uncompressed point of {1 + (2 * coordinate)} bytes (SEC 1 v2 §2.3.3)");
        }

        return OpenSslEcPublicKey.TryImport(kind, point) ?? Import(ECDsa.Create(), spki);
    }

    /// <summary>Another instance of an ECDSA or RSA key this class already imported once (so it imports).</summary>
    private static T Import<T>(T algorithm, byte[] spki)
        where T : AsymmetricAlgorithm
    {
        algorithm.ImportSubjectPublicKeyInfo(spki, out _);
        return algorithm;
    }

    private SigningAlgorithm CheckAlgorithm(SigningAlgorithm? algorithm)
    {
        if (algorithm is not { } alg)
        {
            return DefaultAlgorithm;
        }

        if (!Enum.IsDefined(alg) || SigningAlgorithms.KindOf(alg) != Kind)
        {
            throw new SignetFormatException($"key: algorithm {(Enum.IsDefined(alg) ? SigningAlgorithms.ToRegistryName(alg) : alg.ToString())} cannot be used with a {Kind} key");
        }

        return alg;
    }

    private static RSASignaturePadding PaddingOf(SigningAlgorithm alg) =>
        SigningAlgorithms.IsPss(alg) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
}
