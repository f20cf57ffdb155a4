using System.Formats.Asn1;
using System.Security.Cryptography.Pkcs;

namespace Signet.Core.Timestamps;

/// <summary>
/// An RFC 3161 timestamp as carried in a bundle: a DER <c>TimeStampResp</c> (§2.4.2) whose status is granted or
/// grantedWithMods, unwrapped to its <c>TimeStampToken</c>. A bare token (ContentInfo) is accepted too.
/// </summary>
public static class TimestampResponse
{
    /// <summary>The largest RFC 3161 response or token accepted (64 KiB).</summary>
    public const int MaxSize = 64 * 1024;

    /// <summary>
    /// Reads the TSTInfo (RFC 3161 §2.4.2) of a timestamp of at most <see cref="MaxSize"/> bytes — a granted
    /// <c>TimeStampResp</c> or a bare token — with the same reader the verifier uses. Nothing is verified: the time
    /// and message imprint are the token's claims until <see cref="Verification.Verifier"/> has checked its signer.
    /// </summary>
    /// <param name="der">The DER response or token.</param>
    /// <param name="what">Names the timestamp in errors.</param>
    /// <exception cref="SignetFormatException">The input is not a granted response or a well-formed TimeStampToken.</exception>
    public static Rfc3161TimestampTokenInfo ReadTokenInfo(ReadOnlySpan<byte> der, string what = "timestamp")
        => TimeStampToken.Read(TokenOf(der, what), what).TokenInfo;

    /// <summary>
    /// The TimeStampToken of a DER <c>TimeStampResp</c> whose status is granted or grantedWithMods (§2.4.2), or the
    /// input itself when it is a bare token; at most <see cref="MaxSize"/> bytes, or <see cref="SignetFormatException"/>.
    /// The token itself is not read.
    /// </summary>
    /// <param name="der">The DER response or token.</param>
    /// <param name="what">Names the timestamp in errors.</param>
    /// <returns>The TimeStampToken's DER (a CMS ContentInfo).</returns>
    public static ReadOnlyMemory<byte> TokenOf(ReadOnlySpan<byte> der, string what)
    {
        if (der.Length > MaxSize)
        {
            throw new SignetFormatException($"{what}: too large ({der.Length} bytes)");
        }

        ReadOnlyMemory<byte> token;
        try
        {
            var bytes = der.ToArray();
            var reader = new AsnReader(bytes, AsnEncodingRules.BER);
            var outer = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            if (outer.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                // TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
                var status = outer.ReadSequence();
                if (!status.TryReadInt32(out var code))
                {
                    throw new SignetFormatException($"{what}: PKIStatus is not a small integer");
                }

                // §2.4.2: granted (0) or grantedWithMods (1) are the only statuses that carry a token.
                if (code is not (0 or 1))
                {
                    throw new SignetFormatException($"{what}: TSA refused the request (PKIStatus {code})");
                }

                if (!outer.HasData)
                {
                    throw new SignetFormatException($"{what}: response carries no TimeStampToken");
                }

                token = outer.ReadEncodedValue();
                outer.ThrowIfNotEmpty();
            }
            else
            {
                token = bytes;
            }
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"{what}: not a DER TimeStampResp ({e.Message})", e);
        }

        return token;
    }
}
