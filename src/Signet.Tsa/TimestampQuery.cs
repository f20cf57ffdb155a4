using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Json;

namespace Signet.Tsa;

/// <summary>
/// A validated RFC 3161 <c>TimeStampReq</c>: what to time-stamp (the message imprint) and what to echo back.
/// </summary>
/// <param name="HashAlgorithm">The imprint's hash algorithm (SHA-256, SHA-384 or SHA-512).</param>
/// <param name="HashAlgorithmOid">The imprint's hash algorithm OID as sent.</param>
/// <param name="MessageHash">The hashed message, exactly as long as the algorithm's output.</param>
/// <param name="RequestedPolicy">The policy the requester asked for, or null.</param>
/// <param name="Nonce">The nonce's INTEGER content octets, echoed verbatim, or null.</param>
/// <param name="CertificateRequested">Whether the TSA's certificate must be included in the token.</param>
public sealed record TimestampQuery(
    HashAlgorithmName HashAlgorithm,
    string HashAlgorithmOid,
    byte[] MessageHash,
    string? RequestedPolicy,
    byte[]? Nonce,
    bool CertificateRequested)
{
    /// <summary>Upper bound on an encoded query; a real one is under 200 bytes.</summary>
    public const int MaxEncodedLength = 4096;

    /// <summary>The JSON form's limits: a flat object of a few members.</summary>
    private static readonly JsonLimits QueryJsonLimits = new(MaxEncodedLength, 8, 64);

    /// <summary>Upper bound on the nonce (RFC 3161 §2.4.1 suggests 64 bits; allow up to 512).</summary>
    public const int MaxNonceLength = 64;

    /// <summary>Decodes a DER <c>TimeStampReq</c> (RFC 3161 §2.4.1).</summary>
    /// <exception cref="SignetFormatException">The query is malformed or asks for something this TSA does not do.</exception>
    public static TimestampQuery Decode(ReadOnlySpan<byte> der)
    {
        if (der.Length == 0)
        {
            throw new SignetFormatException("timestamp query: empty body");
        }

        if (der.Length > MaxEncodedLength)
        {
            throw new SignetFormatException($"timestamp query: larger than {MaxEncodedLength} bytes");
        }

        try
        {
            return DecodeCore(der);
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"timestamp query: not a DER TimeStampReq ({e.Message})", e);
        }
    }

    private static TimestampQuery DecodeCore(ReadOnlySpan<byte> der)
    {
        var outer = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
        var req = outer.ReadSequence();
        if (outer.HasData)
        {
            throw new SignetFormatException("timestamp query: trailing bytes after TimeStampReq");
        }

        // version INTEGER { v1(1) }
        if (!req.TryReadInt32(out var version) || version != 1)
        {
            throw new SignetFormatException("timestamp query: version is not 1");
        }

        // messageImprint MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }
        var imprint = req.ReadSequence();
        var algId = imprint.ReadSequence();
        var hashOid = algId.ReadObjectIdentifier();
        if (algId.HasData)
        {
            // Parameters: absent or NULL (RFC 5754 §2 allows both).
            algId.ReadNull();
            if (algId.HasData)
            {
                throw new SignetFormatException("timestamp query: hash AlgorithmIdentifier has unexpected parameters");
            }
        }

        var hash = imprint.ReadOctetString();
        if (imprint.HasData)
        {
            throw new SignetFormatException("timestamp query: trailing data in messageImprint");
        }

        var hashName = DigestAlgorithms.FromOid(hashOid)
            ?? throw new SignetFormatException($"timestamp query: hash algorithm {hashOid} is not supported (use SHA-256, SHA-384 or SHA-512)");
        var hashLength = DigestAlgorithms.LengthOf(hashName);
        if (hash.Length != hashLength)
        {
            throw new SignetFormatException($"timestamp query: {hashName.Name} imprint is {hash.Length} bytes, expected {hashLength}");
        }

        string? policy = null;
        byte[]? nonce = null;
        var certReq = false;
        if (req.HasData && req.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
        {
            policy = req.ReadObjectIdentifier();
        }

        if (req.HasData && req.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            var n = req.ReadIntegerBytes();
            if (n.Length > MaxNonceLength)
            {
                throw new SignetFormatException($"timestamp query: nonce longer than {MaxNonceLength} bytes");
            }

            nonce = n.ToArray();
        }

        if (req.HasData && req.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
        {
            // DER forbids encoding the DEFAULT FALSE value, and the DER reader enforces canonical booleans.
            certReq = req.ReadBoolean();
            if (!certReq)
            {
                throw new SignetFormatException("timestamp query: certReq FALSE must be omitted in DER");
            }
        }

        if (req.HasData)
        {
            if (req.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                // RFC 3161 §2.4.1: an unrecognised extension must be refused (unacceptedExtension).
                throw new SignetFormatException("timestamp query: request extensions are not supported");
            }

            throw new SignetFormatException("timestamp query: unexpected field after certReq");
        }

        return new TimestampQuery(hashName, hashOid, hash, policy, nonce, certReq);
    }

    /// <summary>
    /// Decodes the JSON form of a request that sigstore timestamp-authority accepts next to DER and that sigstore-js
    /// sends (timestamp-authority <c>openapi.yaml</c> <c>TimeStampRequest</c>: <c>artifactHash</c> base64,
    /// <c>hashAlgorithm</c>, <c>nonce</c>, <c>certificates</c>, <c>tsaPolicyOID</c>).
    /// </summary>
    /// <exception cref="SignetFormatException">The JSON is malformed or asks for something this TSA does not do.</exception>
    public static TimestampQuery FromJson(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxEncodedLength)
        {
            throw new SignetFormatException($"timestamp query: larger than {MaxEncodedLength} bytes");
        }

        // Strict reading: strings are valid Unicode, no duplicate members, bounded depth (issue 14; StrictJson).
        using var doc = StrictJson.Parse(utf8Json.ToArray(), "timestamp query", QueryJsonLimits);
        return FromJson(doc.RootElement);
    }

    private static TimestampQuery FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("timestamp query: JSON body is not an object");
        }

        var artifactHash = OptionalString(root, "artifactHash")
            ?? throw new SignetFormatException("timestamp query: artifactHash is missing");
        var hashAlgorithm = OptionalString(root, "hashAlgorithm") ?? "sha256";
        var name = hashAlgorithm.ToUpperInvariant() switch
        {
            "SHA256" or "SHA-256" => HashAlgorithmName.SHA256,
            "SHA384" or "SHA-384" => HashAlgorithmName.SHA384,
            "SHA512" or "SHA-512" => HashAlgorithmName.SHA512,
            _ => throw new SignetFormatException($"timestamp query: hashAlgorithm '{hashAlgorithm}' is not supported"),
        };
        byte[] hash;
        try
        {
            hash = Convert.FromBase64String(artifactHash);
        }
        catch (FormatException e)
        {
            throw new SignetFormatException("timestamp query: artifactHash is not base64", e);
        }

        var length = DigestAlgorithms.LengthOf(name);
        if (hash.Length != length)
        {
            throw new SignetFormatException($"timestamp query: {name.Name} artifactHash is {hash.Length} bytes, expected {length}");
        }

        byte[]? nonce = null;
        if (root.TryGetProperty("nonce", out var n) && n.ValueKind != JsonValueKind.Null)
        {
            var text = n.ValueKind == JsonValueKind.String ? n.GetString()! : n.GetRawText();
            if (text.Length > 2 * MaxNonceLength
                || !BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw new SignetFormatException("timestamp query: nonce is not an integer");
            }

            nonce = value.ToByteArray(isUnsigned: false, isBigEndian: true);
        }

        var certificates = false;
        if (root.TryGetProperty("certificates", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            certificates = c.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new SignetFormatException("timestamp query: certificates is not a boolean"),
            };
        }

        var policy = OptionalString(root, "tsaPolicyOID");
        return new TimestampQuery(name, DigestAlgorithms.OidOf(name), hash, string.IsNullOrEmpty(policy) ? null : policy, nonce, certificates);
    }

    private static string? OptionalString(JsonElement root, string name) =>
        JsonField.Root(root, "timestamp query").OptionalString(name);
}
