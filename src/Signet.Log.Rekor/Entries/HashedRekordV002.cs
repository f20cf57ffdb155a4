using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core;
using Signet.Core.Keys;

namespace Signet.Log.Rekor.Entries;

/// <summary>
/// Rekor v2 <c>hashedrekord</c> 0.0.2 (rekor-tiles api/proto/rekor/v2/hashedrekord.proto): request
/// <c>{digest, signature{content, verifier{publicKey.rawBytes | x509Certificate.rawBytes, keyDetails}}}</c>, logged as
/// <c>spec.hashedRekordV002{data{algorithm, digest}, signature}</c>. Clients log DSSE envelopes this way too (the PAE
/// digest). The signature is verified over the digest with the algorithm <c>keyDetails</c> names.
/// </summary>
internal static class HashedRekordV002
{
    public const string Kind = "hashedrekord";
    public const string Version = "0.0.2";

    public static CanonicalEntry Canonicalize(JsonElement request)
    {
        const string p = "hashedRekordRequestV002";
        var digest = EntryJson.Base64(request, "digest", p);
        var signature = EntryJson.Object(request, "signature", p);
        var sig = EntryJson.Base64(signature, "content", p + ".signature");
        var verifier = EntryJson.Object(signature, "verifier", p + ".signature");
        var keyDetails = EntryJson.String(verifier, "keyDetails", p + ".signature.verifier");
        SigningAlgorithm algorithm;
        try
        {
            algorithm = SigningAlgorithms.FromRegistryName(keyDetails);
        }
        catch (ArgumentException)
        {
            throw new SignetFormatException($"{p}.signature.verifier.keyDetails '{keyDetails}' is not a known algorithm");
        }

        var hash = SigningAlgorithms.HashOf(algorithm);
        var (algorithmName, size) = hash.Name switch
        {
            "SHA256" => ("SHA2_256", 32),
            "SHA384" => ("SHA2_384", 48),
            "SHA512" => ("SHA2_512", 64),
            _ => throw new SignetFormatException($"{keyDetails} has no digest algorithm hashedrekord 0.0.2 accepts"),
        };
        if (digest.Length != size)
        {
            throw new SignetFormatException($"{p}.digest is {digest.Length} bytes; {keyDetails} needs a {size}-byte digest");
        }

        var publicKey = EntryJson.OptionalObject(verifier, "publicKey", p + ".signature.verifier");
        var certificate = EntryJson.OptionalObject(verifier, "x509Certificate", p + ".signature.verifier");
        SignerIdentity signer;
        JsonObject verifierNode;
        if (publicKey is { } pk && certificate is null)
        {
            var raw = EntryJson.Base64(pk, "rawBytes", p + ".signature.verifier.publicKey");
            signer = SignerIdentity.FromSpki(raw);
            verifierNode = new JsonObject { ["keyDetails"] = keyDetails, ["publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(raw) } };
        }
        else if (certificate is { } c && publicKey is null)
        {
            var raw = EntryJson.Base64(c, "rawBytes", p + ".signature.verifier.x509Certificate");
            signer = SignerIdentity.FromCertificateDer(raw, p + ".signature.verifier.x509Certificate.rawBytes");
            verifierNode = new JsonObject { ["keyDetails"] = keyDetails, ["x509Certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(raw) } };
        }
        else
        {
            throw new SignetFormatException($"{p}.signature.verifier needs exactly one of publicKey or x509Certificate");
        }

        bool ok;
        try
        {
            ok = signer.Key.VerifyDigest(digest, hash, sig, algorithm);
        }
        catch (NotSupportedException)
        {
            throw new SignetFormatException($"hashedrekord 0.0.2 cannot verify {keyDetails} over a digest");
        }
        catch (ArgumentException e)
        {
            throw new SignetFormatException($"{keyDetails} does not fit the given key: {e.Message}", e);
        }

        if (!ok)
        {
            throw new SignetFormatException("hashedrekord 0.0.2: the signature does not verify against the given key and digest");
        }

        var body = new JsonObject
        {
            ["apiVersion"] = Version,
            ["kind"] = Kind,
            ["spec"] = new JsonObject
            {
                ["hashedRekordV002"] = new JsonObject
                {
                    ["data"] = new JsonObject { ["algorithm"] = algorithmName, ["digest"] = Convert.ToBase64String(digest) },
                    ["signature"] = new JsonObject { ["content"] = Convert.ToBase64String(sig), ["verifier"] = verifierNode },
                },
            },
        };
        var hashKey = SearchKeys.Hash(hash.Name!.ToLowerInvariant(), Convert.ToHexStringLower(digest));
        return new CanonicalEntry(Kind, Version, CanonicalJson.Of(body), [hashKey, .. signer.SearchKeys]);
    }
}
