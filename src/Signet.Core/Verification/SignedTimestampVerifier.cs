using System.Security.Cryptography;
using Signet.Core.Asn1;
using Signet.Core.Timestamps;

namespace Signet.Core.Verification;

/// <summary>
/// Client-spec §4.1: an RFC 3161 timestamp over the signature bytes, signed by a timestamp authority of the trusted
/// root whose validity window contains the time stamped: the token read with <see cref="TimeStampToken"/>, its CMS
/// signature checked with the authority's key imported once (<see cref="TimestampSigner"/>), the signing certificate
/// linked to that authority (<see cref="TimestampAuthorityChain"/>: explicit links, no chain building).
/// </summary>
internal static class SignedTimestampVerifier
{
    public static DateTimeOffset Verify(byte[] signedTimestamp, ReadOnlySpan<byte> signature, IReadOnlyList<TrustedCertificateAuthority> authorities, string what)
    {
        var token = TimeStampToken.Read(TimestampResponse.TokenOf(signedTimestamp, what), what);
        var info = token.TokenInfo;
        var genTime = info.Timestamp;
        var alg = DigestAlgorithms.FromOid(info.HashAlgorithmId.Value)
            ?? throw new VerificationException(VerificationErrorCode.TimestampInvalid, $"{what}: unsupported message imprint hash {info.HashAlgorithmId.Value}");
        var expected = CryptographicOperations.HashData(alg, signature);

        // RFC 3161 §2.4.2: the messageImprint must be the hash of the datum stamped — here the signature bytes.
        if (!info.GetMessageHash().Span.SequenceEqual(expected))
        {
            throw new VerificationException(VerificationErrorCode.TimestampInvalid, $"{what}: the timestamp is not over this bundle's signature");
        }

        string? refusal = null;
        foreach (var tsa in authorities)
        {
            if (!tsa.IsValidAt(genTime))
            {
                continue;
            }

            var signer = TimestampSigner.Find(token, tsa, out var decoded, out refusal);
            if (signer is null)
            {
                continue;
            }

            try
            {
                refusal = TimestampAuthorityChain.Refusal(signer, tsa, genTime);
                if (refusal is null)
                {
                    return genTime;
                }
            }
            finally
            {
                if (decoded)
                {
                    signer.Dispose();
                }
            }
        }

        throw new VerificationException(
            VerificationErrorCode.TimestampInvalid,
            $"{what}: not signed by a trusted timestamp authority valid at {genTime:O}" + (refusal is null ? "" : $" ({refusal})"));
    }
}
