using System.Formats.Asn1;
using Signet.Core.Asn1;

namespace Signet.Core.Keys;

/// <summary>
/// Reads the outer structure of a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) to find which kind of key it holds,
/// refusing trailing bytes, unknown algorithms and unsupported curves before any key import.
/// </summary>
internal static class SpkiReader
{
    /// <summary>The largest SPKI accepted: an RSA-4096 key is about 550 bytes.</summary>
    public const int MaxSpkiBytes = 4096;

    public static (KeyKind Kind, byte[] KeyBits) Read(ReadOnlySpan<byte> der)
    {
        if (der.IsEmpty)
        {
            throw new SignetFormatException("public key: SubjectPublicKeyInfo is empty");
        }

        if (der.Length > MaxSpkiBytes)
        {
            throw new SignetFormatException($"public key: SubjectPublicKeyInfo of {der.Length} bytes exceeds the limit of {MaxSpkiBytes}");
        }

        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var spki = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var algorithm = spki.ReadSequence();
            var oid = algorithm.ReadObjectIdentifier();
            string? curve = null;
            if (algorithm.HasData)
            {
                var tag = algorithm.PeekTag();
                if (tag.HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
                {
                    curve = algorithm.ReadObjectIdentifier();
                }
                else
                {
                    algorithm.ReadEncodedValue(); // NULL for rsaEncryption; anything else is checked below.
                }
            }

            algorithm.ThrowIfNotEmpty();
            var bits = spki.ReadBitString(out var unused);
            spki.ThrowIfNotEmpty();
            if (unused != 0)
            {
                throw new SignetFormatException("public key: subjectPublicKey BIT STRING has unused bits");
            }

            return (KindOf(oid, curve, bits), bits);
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"public key: malformed SubjectPublicKeyInfo DER ({e.Message})", e);
        }
    }

    private static KeyKind KindOf(string oid, string? curve, byte[] bits) => oid switch
    {
        AlgorithmOids.EcPublicKey => EllipticCurve.FromOid(curve)?.Kind ?? throw new SignetFormatException(curve is null
            ? "public key: EC key without a named curve"
            : $"public key: unsupported elliptic curve {curve} (P-256, P-384 and P-521 are supported)"),
        AlgorithmOids.Ed25519 when curve is null && bits.Length == 32 => KeyKind.Ed25519,
        AlgorithmOids.Ed25519 => throw new SignetFormatException("public key: Ed25519 key must be 32 bytes without parameters (RFC 8410 §4)"),
        AlgorithmOids.RsaEncryption => KeyKind.Rsa2048, // refined to the modulus size after import
        AlgorithmOids.RsaPss => throw new SignetFormatException("public key: id-RSASSA-PSS keys are not supported; Sigstore uses rsaEncryption keys for PSS"),
        _ => throw new SignetFormatException($"public key: unsupported algorithm {oid}"),
    };
}
