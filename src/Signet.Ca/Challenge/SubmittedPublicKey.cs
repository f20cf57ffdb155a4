using System.Formats.Asn1;
using System.Security.Cryptography;
using Signet.Core.Asn1;
using Signet.Core.Keys;

namespace Signet.Ca.Challenge;

/// <summary>The key families a leaf may carry (Fulcio certificate-specification.md, "Issued Certificate").</summary>
public enum SubmittedKeyKind
{
    EcdsaP256,
    EcdsaP384,
    EcdsaP521,
    Rsa,
    Ed25519,
}

/// <summary>
/// A public key submitted for certification, checked against Fulcio's key rules: ECDSA P-256/P-384/P-521, RSA of
/// 2048–4096 bits (multiple of 8, e = 65537), or Ed25519. Anything else is <see cref="CaRejection.UnsupportedPublicKey"/>.
/// </summary>
public sealed class SubmittedPublicKey
{
    private SubmittedPublicKey(byte[] spki, SubmittedKeyKind kind, int bits)
    {
        SpkiDer = spki;
        Kind = kind;
        Bits = bits;
    }

    public byte[] SpkiDer { get; }

    public SubmittedKeyKind Kind { get; }

    public int Bits { get; }

    public static SubmittedPublicKey FromSpki(byte[] spki)
    {
        string algorithm;
        string? curve = null;
        try
        {
            var reader = new AsnReader(spki, AsnEncodingRules.DER);
            var seq = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var alg = seq.ReadSequence();
            algorithm = alg.ReadObjectIdentifier();
            if (algorithm == AlgorithmOids.EcPublicKey)
            {
                curve = alg.ReadObjectIdentifier();
            }
        }
        catch (AsnContentException e)
        {
            throw Reject("public key: not a DER SubjectPublicKeyInfo", e);
        }

        try
        {
            switch (algorithm)
            {
                case AlgorithmOids.EcPublicKey:
                    {
                        using var ec = ECDsa.Create();
                        ec.ImportSubjectPublicKeyInfo(spki, out var read);
                        var kind = EllipticCurve.FromOid(curve)?.Kind switch
                        {
                            KeyKind.EcdsaP256 => SubmittedKeyKind.EcdsaP256,
                            KeyKind.EcdsaP384 => SubmittedKeyKind.EcdsaP384,
                            KeyKind.EcdsaP521 => SubmittedKeyKind.EcdsaP521,
                            _ => throw Reject($"public key: elliptic curve {curve} is not P-256, P-384 or P-521"),
                        };
                        return read == spki.Length ? new SubmittedPublicKey(spki, kind, ec.KeySize) : throw Reject("public key: trailing bytes");
                    }

                case AlgorithmOids.RsaEncryption:
                    {
                        using var rsa = RSA.Create();
                        rsa.ImportSubjectPublicKeyInfo(spki, out var read);
                        var p = rsa.ExportParameters(false);
                        var e = p.Exponent!.AsSpan().TrimStart((byte)0);
                        if (rsa.KeySize is < 2048 or > 4096 || rsa.KeySize % 8 != 0)
                        {
                            throw Reject($"public key: RSA key of {rsa.KeySize} bits (need 2048–4096, a multiple of 8)");
                        }

                        if (!e.SequenceEqual(new byte[] { 0x01, 0x00, 0x01 }))
                        {
                            throw Reject("public key: RSA exponent is not 65537");
                        }

                        return read == spki.Length ? new SubmittedPublicKey(spki, SubmittedKeyKind.Rsa, rsa.KeySize) : throw Reject("public key: trailing bytes");
                    }

                case AlgorithmOids.Ed25519:
                    _ = Ed25519Key(spki);
                    return new SubmittedPublicKey(spki, SubmittedKeyKind.Ed25519, 256);
                default:
                    throw Reject($"public key: algorithm {algorithm} is not ECDSA, RSA or Ed25519");
            }
        }
        catch (CryptographicException e)
        {
            throw Reject("public key: does not import", e);
        }
    }

    /// <summary>
    /// Verifies a signature by this key over <paramref name="data"/>. ECDSA and RSA (PKCS#1 v1.5) signatures are
    /// checked over SHA-256, as Fulcio's challenge check does whatever the curve, and also over the curve's own hash
    /// (SHA-384 for P-384, SHA-512 for P-521); Ed25519 is pure (RFC 8032).
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName? hash = null)
    {
        if (Kind == SubmittedKeyKind.Ed25519)
        {
            return NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(Ed25519Key(SpkiDer), data, signature);
        }

        using AsymmetricAlgorithm key = Kind == SubmittedKeyKind.Rsa ? RSA.Create() : ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(SpkiDer, out _);
        foreach (var h in Hashes(hash))
        {
            if (key is RSA rsa
                ? rsa.VerifyData(data, signature, h, RSASignaturePadding.Pkcs1)
                : ((ECDsa)key).VerifyData(data, signature, h, DSASignatureFormat.Rfc3279DerSequence))
            {
                return true;
            }
        }

        return false;
    }

    private HashAlgorithmName[] Hashes(HashAlgorithmName? hash) => hash is { } h ? [h] : Kind switch
    {
        SubmittedKeyKind.EcdsaP384 => [HashAlgorithmName.SHA256, HashAlgorithmName.SHA384],
        SubmittedKeyKind.EcdsaP521 => [HashAlgorithmName.SHA256, HashAlgorithmName.SHA512],
        _ => [HashAlgorithmName.SHA256],
    };

    private static NSec.Cryptography.PublicKey Ed25519Key(byte[] spki)
    {
        if (!NSec.Cryptography.PublicKey.TryImport(NSec.Cryptography.SignatureAlgorithm.Ed25519, spki, NSec.Cryptography.KeyBlobFormat.PkixPublicKey, out var key) || key is null)
        {
            throw Reject("public key: not a valid Ed25519 key");
        }

        return key;
    }

    private static CaRequestRejectedException Reject(string message, Exception? inner = null) => new(CaRejection.UnsupportedPublicKey, message, inner);
}
