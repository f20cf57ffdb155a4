using System.Security.Cryptography;
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
        var alg = info.HashAlgorithmId.Value switch
        {
            "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
            "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
            "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
            var other => throw new VerificationException(VerificationErrorCode.TimestampInvalid, $"{what}: unsupported message imprint hash {other}"),
        };
        var expected = alg.Name switch
        {
            "SHA256" => SHA256.HashData(signature),
            "SHA384" => SHA384.HashData(signature),
            _ => SHA512.HashData(signature),
        };

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
