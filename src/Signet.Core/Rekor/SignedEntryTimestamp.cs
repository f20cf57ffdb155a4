using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Signet.Core.Json;
using Signet.Core.Keys;

namespace Signet.Core.Rekor;

/// <summary>
/// Rekor v1's signed entry timestamp (SET; protobuf-specs <c>sigstore_rekor.proto</c> <c>InclusionPromise</c>): the log
/// key's signature over the RFC 8785 canonical JSON of <c>{body, integratedTime, logID, logIndex}</c>, where body is the
/// canonicalized entry in standard base64 and logID the log's ID in lowercase hex (rekor <c>pkg/api/entries.go</c>;
/// verified this way by cosign, sigstore-go and sigstore-js). The log signs with <see cref="Sign"/>, clients check with
/// <see cref="Verify"/>; both use <see cref="Payload"/>.
/// </summary>
public static class SignedEntryTimestamp
{
    /// <summary>RFC 8785 §3.2.2.3 prints integers below 2^53 as plain digits; larger ones need the general form.</summary>
    private const long MaxExactInteger = 1L << 53;

    /// <summary>
    /// The payload, written directly (it is on the verifier's hot path): members in code-unit order (§3.2.3: body,
    /// integratedTime, logID, logIndex), a base64 and a lowercase-hex string (no character needs escaping, §3.2.2.2) and
    /// two integers. An integer outside [0, 2^53) goes through <see cref="Rfc8785"/>, which prints it as ECMAScript does.
    /// </summary>
    public static byte[] Payload(ReadOnlySpan<byte> body, long integratedTime, ReadOnlySpan<byte> logId, long logIndex)
    {
        if (integratedTime is < 0 or >= MaxExactInteger || logIndex is < 0 or >= MaxExactInteger)
        {
            var json = new ArrayBufferWriter<byte>(body.Length * 4 / 3 + 160);
            using (var w = new Utf8JsonWriter(json))
            {
                w.WriteStartObject();
                w.WriteString("body", Convert.ToBase64String(body));
                w.WriteNumber("integratedTime", integratedTime);
                w.WriteString("logID", Convert.ToHexStringLower(logId));
                w.WriteNumber("logIndex", logIndex);
                w.WriteEndObject();
            }

            return Rfc8785.Canonicalize(json.WrittenSpan);
        }

        var buffer = new byte[body.Length / 3 * 4 + 4 + (logId.Length * 2) + 128];
        var span = buffer.AsSpan();
        var n = Append(span, "{\"body\":\""u8);
        Base64.EncodeToUtf8(body, span[n..], out _, out var written);
        n += written;
        n += Append(span[n..], "\",\"integratedTime\":"u8);
        integratedTime.TryFormat(span[n..], out written, default, CultureInfo.InvariantCulture);
        n += written;
        n += Append(span[n..], ",\"logID\":\""u8);
        Convert.TryToHexStringLower(logId, span[n..], out written);
        n += written;
        n += Append(span[n..], "\",\"logIndex\":"u8);
        logIndex.TryFormat(span[n..], out written, default, CultureInfo.InvariantCulture);
        n += written;
        n += Append(span[n..], "}"u8);
        return buffer.AsSpan(0, n).ToArray();
    }

    /// <summary>The log's SET for an entry: <paramref name="logKey"/>'s signature over <see cref="Payload"/>
    /// (Rekor v1 signs with ECDSA P-256 and SHA-256, DER-encoded).</summary>
    public static byte[] Sign(SigningKey logKey, ReadOnlySpan<byte> body, long integratedTime, ReadOnlySpan<byte> logId, long logIndex)
    {
        ArgumentNullException.ThrowIfNull(logKey);
        return logKey.Sign(Payload(body, integratedTime, logId, logIndex));
    }

    /// <summary>Whether <paramref name="signature"/> is <paramref name="logKey"/>'s SET over the entry.</summary>
    public static bool Verify(VerificationKey logKey, ReadOnlySpan<byte> signature, ReadOnlySpan<byte> body, long integratedTime, ReadOnlySpan<byte> logId, long logIndex)
    {
        ArgumentNullException.ThrowIfNull(logKey);
        return logKey.Verify(Payload(body, integratedTime, logId, logIndex), signature);
    }

    private static int Append(Span<byte> to, ReadOnlySpan<byte> what)
    {
        what.CopyTo(to);
        return what.Length;
    }
}
