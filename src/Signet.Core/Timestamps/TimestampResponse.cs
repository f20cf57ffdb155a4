using System.Diagnostics.CodeAnalysis;
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
    /// Decodes an RFC 3161 TimeStampToken (CMS SignedData, RFC 3161 §2.4.2) of at most <see cref="MaxSize"/> bytes;
    /// <paramref name="what"/> names it in the error.
    /// </summary>
    public static Rfc3161TimestampToken DecodeToken(ReadOnlySpan<byte> der, string what = "timestamp")
        => TryDecodeToken(der, what, out var token)
            ? token
            : throw new SignetFormatException($"{what}: the TimeStampToken's signing certificate does not match its signer or was not valid at the stamped time");

    /// <summary>
    /// Decodes the token. False when it is a well-formed TimeStampToken (CMS SignedData over a TSTInfo) that the
    /// platform refuses because of its embedded signing certificate (RFC 5816 ESSCertIDv2 mismatch, or the
    /// certificate not valid at genTime, RFC 3161 §2.3) — a verification failure, not bad input. Malformed input
    /// throws <see cref="SignetFormatException"/>.
    /// </summary>
    public static bool TryDecodeToken(ReadOnlySpan<byte> der, string what, [NotNullWhen(true)] out Rfc3161TimestampToken? decodedToken)
    {
        var token = TokenOf(der, what);
        if (Rfc3161TimestampToken.TryDecode(token, out var decoded, out var consumed))
        {
            if (consumed != token.Length)
            {
                throw new SignetFormatException($"{what}: trailing bytes after the TimeStampToken");
            }

            decodedToken = decoded;
            return true;
        }

        if (!IsSignedTstInfo(token))
        {
            throw new SignetFormatException($"{what}: not an RFC 3161 TimeStampToken");
        }

        decodedToken = null;
        return false;
    }

    /// <summary>
    /// The TimeStampToken of a DER <c>TimeStampResp</c> whose status is granted or grantedWithMods (§2.4.2), or the
    /// input itself when it is a bare token; at most <see cref="MaxSize"/> bytes, or <see cref="SignetFormatException"/>.
    /// </summary>
    internal static ReadOnlyMemory<byte> TokenOf(ReadOnlySpan<byte> der, string what)
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

    /// <summary>RFC 3161 §2.4.2: a CMS SignedData whose content is a decodable id-ct-TSTInfo.</summary>
    private static bool IsSignedTstInfo(ReadOnlyMemory<byte> token)
    {
        try
        {
            var cms = new SignedCms();
            cms.Decode(token.Span);
            return cms.ContentInfo.ContentType.Value == "1.2.840.113549.1.9.16.1.4"
                && cms.SignerInfos.Count == 1
                && Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out _, out var read)
                && read == cms.ContentInfo.Content.Length;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
