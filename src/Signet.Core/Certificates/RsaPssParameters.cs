using System.Formats.Asn1;
using System.Security.Cryptography;
using Signet.Core.Asn1;

namespace Signet.Core.Certificates;

/// <summary>
/// RFC 4055 §3.1 <c>RSASSA-PSS-params</c> of a certificate signature, accepted only in the form the platform's PSS
/// verifier implements: SHA-256/384/512, MGF1 with the same hash, a salt as long as the hash, trailer field 1.
/// Defaults (SHA-1) and any other combination are refused.
/// </summary>
internal static class RsaPssParameters
{
    public static bool TryRead(ReadOnlySpan<byte> parameters, out HashAlgorithmName hash)
    {
        hash = default;
        if (parameters.IsEmpty)
        {
            return false;
        }

        try
        {
            var outer = new AsnReader(parameters.ToArray(), AsnEncodingRules.DER);
            var p = outer.ReadSequence();
            outer.ThrowIfNotEmpty();

            // hashAlgorithm [0] HashAlgorithm DEFAULT sha1 — SHA-1 is not accepted, so it must be present.
            if (!p.HasData || !p.PeekTag().HasSameClassAndValue(Context(0)))
            {
                return false;
            }

            var h = p.ReadSequence(Context(0));
            var hashOid = ReadHashAlgorithm(h);
            h.ThrowIfNotEmpty();

            // maskGenAlgorithm [1] MaskGenAlgorithm DEFAULT mgf1SHA1 — must be MGF1 with the same hash.
            if (!p.HasData || !p.PeekTag().HasSameClassAndValue(Context(1)))
            {
                return false;
            }

            var m = p.ReadSequence(Context(1));
            var mgf = m.ReadSequence();
            m.ThrowIfNotEmpty();
            if (mgf.ReadObjectIdentifier() != AlgorithmOids.Mgf1 || ReadHashAlgorithm(mgf) != hashOid)
            {
                return false;
            }

            mgf.ThrowIfNotEmpty();

            // saltLength [2] INTEGER DEFAULT 20 — must equal the hash length.
            if (!p.HasData || !p.PeekTag().HasSameClassAndValue(Context(2)))
            {
                return false;
            }

            var s = p.ReadSequence(Context(2));
            if (!s.TryReadInt32(out var salt))
            {
                return false;
            }

            s.ThrowIfNotEmpty();

            // trailerField [3] TrailerField DEFAULT trailerFieldBC(1) — DER omits the default.
            if (p.HasData)
            {
                return false;
            }

            hash = DigestAlgorithms.FromOid(hashOid).GetValueOrDefault();
            return hash.Name is not null && salt == DigestAlgorithms.LengthOf(hash);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static Asn1Tag Context(int n) => new(TagClass.ContextSpecific, n, isConstructed: true);

    /// <summary>AlgorithmIdentifier of a hash: OID, parameters NULL or absent (RFC 4055 §2.1).</summary>
    private static string ReadHashAlgorithm(AsnReader r)
    {
        var alg = r.ReadSequence();
        var oid = alg.ReadObjectIdentifier();
        if (alg.HasData)
        {
            alg.ReadNull();
        }

        alg.ThrowIfNotEmpty();
        return oid;
    }
}
