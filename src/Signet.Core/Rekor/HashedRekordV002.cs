using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Signet.Core.Asn1;
using Signet.Core.Bundles;
using Signet.Core.Json;
using Signet.Core.Keys;

namespace Signet.Core.Rekor;

/// <summary>
/// Rekor v2 <c>hashedrekord</c> 0.0.2 (rekor-tiles <c>api/proto/rekor/v2/hashedrekord.proto</c>, <c>entry.proto</c>):
/// the request <c>{hashedRekordRequestV002:{digest, signature{content, verifier{publicKey.rawBytes |
/// x509Certificate.rawBytes, keyDetails}}}}</c> is logged as <c>{"apiVersion":"0.0.2","kind":"hashedrekord",
/// "spec":{"hashedRekordV002":{"data":{"algorithm","digest"},"signature"}}}</c>. Clients log DSSE envelopes this way
/// too, over the digest of the PAE (client-spec §4.4, rekor-tiles #744).
/// </summary>
public static class HashedRekordV002
{
    /// <summary>The entry kind and its API version.</summary>
    public const string Kind = "hashedrekord", Version = "0.0.2";

    /// <summary>The request member that holds this kind in a Rekor v2 create-entry request.</summary>
    public const string RequestMember = "hashedRekordRequestV002";

    /// <summary>The request a signer sends (POST <c>/api/v2/log/entries</c>): the digest (of the hash
    /// <paramref name="algorithm"/> names: SHA-256 for P-256 and RSA, SHA-384 for P-384, SHA-512 for P-521 and
    /// <c>PKIX_ED25519_PH</c>), the signature and the verifier — the certificate when there is one, else the public key —
    /// with its algorithm.</summary>
    public static byte[] Request(byte[] digest, byte[] signature, byte[]? certificateDer, VerificationKey key, SigningAlgorithm algorithm)
    {
        ArgumentNullException.ThrowIfNull(key);
        var verifier = certificateDer is not null ? "x509Certificate" : "publicKey";
        var request = new JsonObject
        {
            ["digest"] = Convert.ToBase64String(digest),
            ["signature"] = Signature(signature, verifier, certificateDer ?? key.SpkiDer, SigningAlgorithms.ToRegistryName(algorithm)),
        };
        return RekorRequests.Write(new JsonObject { [RequestMember] = request });
    }

    /// <summary>
    /// What the log stores for the <c>hashedRekordRequestV002</c> member <paramref name="request"/>: the signature must
    /// verify over the digest with the algorithm <c>keyDetails</c> names, and the digest must have that hash's length.
    /// </summary>
    public static CanonicalizedEntry Canonicalize(JsonField request)
    {
        var digest = request.RequiredBase64("digest");
        var signature = request.RequiredObject("signature");
        var sig = signature.RequiredBase64("content");
        var verifier = signature.RequiredObject("verifier");
        var keyDetails = verifier.RequiredString("keyDetails", allowEmpty: false);
        SigningAlgorithm algorithm;
        try
        {
            algorithm = SigningAlgorithms.FromRegistryName(keyDetails);
        }
        catch (ArgumentException)
        {
            throw verifier.ErrorAt("keyDetails", $"'{keyDetails}' is not a known algorithm");
        }

        var hash = SigningAlgorithms.HashOf(algorithm);
        if (!DigestAlgorithms.Supports(hash))
        {
            throw new SignetFormatException($"{keyDetails} has no digest algorithm hashedrekord 0.0.2 accepts");
        }

        var (algorithmName, size) = (HashOutput.NameOf(hash), DigestAlgorithms.LengthOf(hash));
        if (digest.Length != size)
        {
            throw request.ErrorAt("digest", $"{digest.Length} bytes; {keyDetails} needs a {size}-byte digest");
        }

        var publicKey = verifier.OptionalObject("publicKey");
        var certificate = verifier.OptionalObject("x509Certificate");
        if (publicKey is null == certificate is null)
        {
            throw verifier.Error("needs exactly one of publicKey or x509Certificate");
        }

        var member = publicKey is not null ? "publicKey" : "x509Certificate";
        var holder = (publicKey ?? certificate)!.Value;
        var raw = holder.RequiredBase64("rawBytes");
        var signer = publicKey is not null ? EntrySigner.FromSpki(raw) : EntrySigner.FromCertificateDer(raw, holder.Path + ".rawBytes");

        signer.VerifyDigest("hashedrekord 0.0.2", digest, hash, sig, algorithm);
        var spec = new JsonObject
        {
            ["hashedRekordV002"] = new JsonObject
            {
                ["data"] = new JsonObject { ["algorithm"] = algorithmName, ["digest"] = Convert.ToBase64String(digest) },
                ["signature"] = Signature(sig, member, raw, keyDetails),
            },
        };
        return RekorRequests.Digest(Kind, Version, spec, new EntryHash(hash.Name!.ToLowerInvariant(), Convert.ToHexStringLower(digest)), signer);
    }

    /// <summary>The verifier's reading of a stored body's <paramref name="spec"/>: the digest, the signature and its
    /// verifier (a certificate or a key, exactly one).</summary>
    public static LogEntryBody Read(JsonField spec)
    {
        var v = spec.RequiredObject("hashedRekordV002");
        var data = HashOutput.Read(v.RequiredObject("data"));
        var hash = data.Algorithm switch
        {
            "SHA2_256" => HashAlgorithmName.SHA256,
            "SHA2_384" => HashAlgorithmName.SHA384,
            "SHA2_512" => HashAlgorithmName.SHA512,
            _ => throw new SignetFormatException($"{v.Path}.data.algorithm: unsupported '{data.Algorithm}'"),
        };
        var sig = v.RequiredObject("signature");
        var content = sig.RequiredBytes("content");
        var verifier = sig.RequiredObject("verifier");
        var cert = verifier.OptionalObject("x509Certificate");
        var key = verifier.OptionalObject("publicKey");
        if (cert is null == key is null)
        {
            throw verifier.Error("exactly one of x509Certificate and publicKey must be set");
        }

        var ev = cert is { } c
            ? new EntryVerifier(c.RequiredBytes("rawBytes"), null)
            : new EntryVerifier(null, key!.Value.RequiredBytes("rawBytes"));
        return new LogEntryBody(Kind, Version, hash, data.Digest, [new EntrySignature(content, ev)], null, null, null);
    }

    /// <summary>protobuf-specs <c>HashAlgorithm</c> names and digest sizes of the hashes hashedrekord 0.0.2 accepts.</summary>
    // {"content","verifier":{"x509Certificate"|"publicKey":{"rawBytes"},"keyDetails"}}: request and body alike.
    private static JsonObject Signature(byte[] signature, string verifier, byte[] raw, string keyDetails) => new()
    {
        ["content"] = Convert.ToBase64String(signature),
        ["verifier"] = new JsonObject { [verifier] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(raw) }, ["keyDetails"] = keyDetails },
    };
}
