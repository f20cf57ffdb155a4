using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Signet.Core.Json;
using Signet.Core.Keys;

namespace Signet.Core.Rekor;

/// <summary>
/// Rekor v1 <c>hashedrekord</c> 0.0.1 (rekor <c>pkg/types/hashedrekord/v0.0.1</c>): a signature over an artifact
/// digest, with the signer's key or certificate as base64 of PEM. <c>{"apiVersion":"0.0.1","kind":"hashedrekord",
/// "spec":{"data":{"hash":{"algorithm","value"}},"signature":{"content","publicKey":{"content"}}}}</c> is both the
/// request and (canonicalized, RFC 8785) the body the log stores. An Ed25519 key signs the entry's SHA-512 digest as
/// Ed25519ph (rekor #1945), the only way a digest can carry an Ed25519 signature.
/// </summary>
public static class HashedRekordV001
{
    /// <summary>The entry kind and its API version.</summary>
    public const string Kind = "hashedrekord", Version = "0.0.1";

    /// <summary>The request a signer sends (POST <c>/api/v1/log/entries</c>): a digest of <paramref name="hash"/>
    /// (SHA-256, SHA-384 or SHA-512: the hash the key's algorithm signs, SHA-512 for an Ed25519 key's Ed25519ph
    /// signature), the signature over it and the verifier's PEM (a public key or a certificate).</summary>
    public static byte[] Request(HashAlgorithmName hash, byte[] digest, byte[] signature, string verifierPem) =>
        RekorRequests.Write(RekorRequests.Entry(Kind, Version, Spec(RekorHash.NameOf(hash), Convert.ToHexStringLower(digest), signature, verifierPem)));

    /// <summary>
    /// What the log stores for a request's <paramref name="spec"/>: the signature must verify over the digest with the
    /// given key (rekor <c>hashedrekord/v0.0.1/entry.go</c> <c>validate</c>); the hex digest is stored in lowercase and
    /// the verifier re-encoded from its parsed form.
    /// </summary>
    public static CanonicalizedEntry Canonicalize(JsonField spec)
    {
        var signature = spec.RequiredObject("signature");
        var sig = signature.RequiredBase64("content");
        var publicKey = signature.RequiredObject("publicKey");
        var signer = EntrySigner.FromBase64Pem(publicKey.RequiredString("content", allowEmpty: false), publicKey.Path + ".content");
        var hash = RekorHash.Read(spec.RequiredObject("data").RequiredObject("hash"));
        // rekor (#1945): an Ed25519 key's hashedrekord signature is Ed25519ph over the SHA-512 digest.
        signer.VerifyDigest("hashedrekord 0.0.1", hash.Digest, hash.HashName, sig, signer.Key.Kind == KeyKind.Ed25519 ? SigningAlgorithm.PkixEd25519Ph : null);
        return RekorRequests.Digest(Kind, Version, Spec(hash.Algorithm, hash.Hex, sig, signer.ToPem()), new EntryHash(hash.Algorithm, hash.Hex), signer);
    }

    /// <summary>The verifier's reading of a stored body's <paramref name="spec"/>: the digest, the signature and its verifier.</summary>
    public static LogEntryBody Read(JsonField spec)
    {
        var hash = RekorHash.Read(spec.RequiredObject("data").RequiredObject("hash"));
        var sig = spec.RequiredObject("signature");
        var content = sig.RequiredBytes("content");
        var publicKey = sig.RequiredObject("publicKey");
        var verifier = EntryVerifier.FromPem(publicKey.RequiredBytes("content"), publicKey.Path + ".content");
        return new LogEntryBody(Kind, Version, hash.HashName, hash.Digest, [new EntrySignature(content, verifier)], null, null, null);
    }

    // {"data":{"hash":{"algorithm","value"}},"signature":{"content","publicKey":{"content"}}}: request and body alike.
    private static JsonObject Spec(string algorithm, string hex, byte[] signature, string verifierPem) => new()
    {
        ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = algorithm, ["value"] = hex } },
        ["signature"] = new JsonObject
        {
            ["content"] = Convert.ToBase64String(signature),
            ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(verifierPem)) },
        },
    };
}
