using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Signet.Core.Timestamps;

namespace Signet.Core.Verification;

/// <summary>
/// Client-spec §4.1: an RFC 3161 timestamp over the signature bytes, signed by a timestamp authority of the trusted
/// root whose validity window contains the time stamped, with the signing certificate linked to that authority
/// (<see cref="TimestampAuthorityChain"/>: explicit links, no chain building).
/// </summary>
internal static class SignedTimestampVerifier
{
    public static DateTimeOffset Verify(byte[] signedTimestamp, ReadOnlySpan<byte> signature, IReadOnlyList<TrustedCertificateAuthority> authorities, string what)
    {
        if (!TimestampResponse.TryDecodeToken(signedTimestamp, what, out var token))
        {
            throw new VerificationException(
                VerificationErrorCode.TimestampInvalid,
                $"{what}: the timestamp's embedded signing certificate does not match its signer or was not valid at the stamped time (RFC 3161 §2.3)");
        }

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

            if (!token.VerifySignatureForHash(expected, alg, out var signer, tsa.Candidates) || signer is null)
            {
                continue;
            }

            refusal = TimestampAuthorityChain.Refusal(signer, tsa, genTime);
            if (refusal is null)
            {
                return genTime;
            }
        }

        throw new VerificationException(
            VerificationErrorCode.TimestampInvalid,
            $"{what}: not signed by a trusted timestamp authority valid at {genTime:O}" + (refusal is null ? "" : $" ({refusal})"));
    }
}
