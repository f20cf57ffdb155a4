using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Log.Rekor.Entries;

namespace Signet.Log.Rekor.Tests.Entries;

public sealed class EntryRequestsTests
{
    private static readonly byte[] Artifact = Encoding.UTF8.GetBytes("artifact");

    [Fact]
    public void Hashedrekord_001_is_verified_canonicalized_and_indexed()
    {
        var e = EntryRequests.FromProposedEntry(RekorRequests.HashedRekordV001(Artifact));
        Assert.Equal(("hashedrekord", "0.0.1"), (e.Kind, e.ApiVersion));
        var text = Encoding.UTF8.GetString(e.Body);
        Assert.StartsWith("{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\"", text);
        Assert.Contains("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Artifact)), e.SearchKeys);
    }

    [Fact]
    public void Hashedrekord_001_with_a_wrong_signature_is_rejected()
    {
        var other = SigningKey.GenerateEcdsaP256().Sign(Artifact);
        var ex = Assert.Throws<SignetFormatException>(() => EntryRequests.FromProposedEntry(RekorRequests.HashedRekordV001(Artifact, signatureOverride: other)));
        Assert.Contains("does not verify", ex.Message);
        Assert.Throws<SignetFormatException>(() => EntryRequests.FromProposedEntry(RekorRequests.HashedRekordV001(Artifact, signatureOverride: [1, 2, 3])));
    }

    [Fact]
    public void An_ed25519_key_is_logged_as_ed25519ph_over_the_sha512_digest_in_both_versions()
    {
        // rekor #1945 (hashedrekord 0.0.1) and rekor-tiles (0.0.2, PKIX_ED25519_PH) verify an Ed25519 key's signature
        // as Ed25519ph; a pure Ed25519 signature cannot be checked against a digest and is refused.
        using var key = SigningKey.GenerateEd25519();
        var sha512 = SHA512.HashData(Artifact);
        var ph = key.SignDigest(sha512);
        var pem = key.PublicKey.ToPem();

        var v1 = EntryRequests.FromProposedEntry(Core.Rekor.HashedRekordV001.Request(HashAlgorithmName.SHA512, sha512, ph, pem));
        Assert.Contains("\"algorithm\":\"sha512\"", Encoding.UTF8.GetString(v1.Body), StringComparison.Ordinal);
        Assert.Contains("sha512:" + Convert.ToHexStringLower(sha512), v1.SearchKeys);
        var v2 = EntryRequests.FromCreateEntryRequest(Core.Rekor.HashedRekordV002.Request(sha512, ph, null, key.PublicKey, SigningAlgorithm.PkixEd25519Ph));
        Assert.Contains("\"keyDetails\":\"PKIX_ED25519_PH\"", Encoding.UTF8.GetString(v2.Body), StringComparison.Ordinal);

        var pure = key.Sign(Artifact);
        Assert.Throws<SignetFormatException>(() => EntryRequests.FromProposedEntry(Core.Rekor.HashedRekordV001.Request(HashAlgorithmName.SHA512, sha512, pure, pem)));
        Assert.Throws<SignetFormatException>(() => EntryRequests.FromProposedEntry(Core.Rekor.HashedRekordV001.Request(HashAlgorithmName.SHA256, SHA256.HashData(Artifact), ph, pem)));
        Assert.Throws<SignetFormatException>(() => EntryRequests.FromCreateEntryRequest(Core.Rekor.HashedRekordV002.Request(sha512, pure, null, key.PublicKey, SigningAlgorithm.PkixEd25519Ph)));
        Assert.Throws<SignetFormatException>(() => EntryRequests.FromCreateEntryRequest(Core.Rekor.HashedRekordV002.Request(sha512, ph, null, key.PublicKey, SigningAlgorithm.PkixEd25519)));
    }

    [Fact]
    public void A_p384_key_is_logged_over_its_sha384_digest_in_both_versions()
    {
        using var key = SigningKey.FromEcdsa(ECDsa.Create(ECCurve.NamedCurves.nistP384));
        var sha384 = SHA384.HashData(Artifact);
        var sig = key.SignDigest(sha384);
        var v1 = EntryRequests.FromProposedEntry(Core.Rekor.HashedRekordV001.Request(HashAlgorithmName.SHA384, sha384, sig, key.PublicKey.ToPem()));
        Assert.Contains("sha384:" + Convert.ToHexStringLower(sha384), v1.SearchKeys);
        EntryRequests.FromCreateEntryRequest(Core.Rekor.HashedRekordV002.Request(sha384, sig, null, key.PublicKey, key.Algorithm));
        Assert.Throws<SignetFormatException>(() => EntryRequests.FromCreateEntryRequest(Core.Rekor.HashedRekordV002.Request(SHA256.HashData(Artifact), sig, null, key.PublicKey, key.Algorithm)));
    }

    [Fact]
    public void Hashedrekord_001_with_a_certificate_is_indexed_by_email()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=test", ec, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddEmailAddress("Signer@Example.com");
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10));
        var sig = ec.SignData(Artifact, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var node = JsonNode.Parse(RekorRequests.HashedRekordV001(Artifact))!;
        node["spec"]!["signature"]!["content"] = Convert.ToBase64String(sig);
        node["spec"]!["signature"]!["publicKey"]!["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(cert.ExportCertificatePem()));
        var e = EntryRequests.FromProposedEntry(Encoding.UTF8.GetBytes(node.ToJsonString()));
        Assert.Contains("email:signer@example.com", e.SearchKeys);
        Assert.Contains(SearchKeys.PublicKey(cert.PublicKey.ExportSubjectPublicKeyInfo()), e.SearchKeys);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"kind\":\"rekord\",\"apiVersion\":\"0.0.1\",\"spec\":{}}")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.9\",\"spec\":{}}")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{}}")]
    [InlineData("{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"content\":\"!!\",\"publicKey\":{\"content\":\"\"}},\"data\":{}}}")]
    [InlineData("{\"kind\":\"intoto\",\"apiVersion\":\"0.0.2\",\"spec\":{\"content\":{}}}")]
    [InlineData("{\"kind\":\"dsse\",\"apiVersion\":\"0.0.1\",\"spec\":{\"proposedContent\":{\"envelope\":\"{}\",\"verifiers\":[]}}}")]
    public void Malformed_proposed_entries_are_format_errors(string json)
    {
        Assert.Throws<SignetFormatException>(() => EntryRequests.FromProposedEntry(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Hashedrekord_002_is_verified_and_logged_in_rekor_v2_shape()
    {
        var e = EntryRequests.FromCreateEntryRequest(RekorRequests.HashedRekordV002(Artifact));
        Assert.Equal(("hashedrekord", "0.0.2"), (e.Kind, e.ApiVersion));
        using var doc = JsonDocument.Parse(e.Body);
        var spec = doc.RootElement.GetProperty("spec").GetProperty("hashedRekordV002");
        Assert.Equal("SHA2_256", spec.GetProperty("data").GetProperty("algorithm").GetString());
        Assert.Equal(SHA256.HashData(Artifact), spec.GetProperty("data").GetProperty("digest").GetBytesFromBase64());
        Assert.Equal("PKIX_ECDSA_P256_SHA_256", spec.GetProperty("signature").GetProperty("verifier").GetProperty("keyDetails").GetString());
    }

    [Fact]
    public void Hashedrekord_002_rejects_bad_signatures_digests_and_key_details()
    {
        var good = RekorRequests.HashedRekordV002(Artifact);
        JsonNode Mutate(Action<JsonNode> change)
        {
            var n = JsonNode.Parse(good)!;
            change(n["hashedRekordRequestV002"]!);
            return n;
        }

        var cases = new[]
        {
            Mutate(n => n["digest"] = Convert.ToBase64String(SHA256.HashData([9]))),
            Mutate(n => n["digest"] = Convert.ToBase64String(new byte[20])),
            Mutate(n => n["signature"]!["verifier"]!["keyDetails"] = "PKIX_NOPE"),
            Mutate(n => n["signature"]!["verifier"]!["keyDetails"] = "PKIX_ECDSA_P384_SHA_384"),
            Mutate(n => n["signature"]!["verifier"]!["publicKey"]!["rawBytes"] = Convert.ToBase64String([1, 2, 3])),
            Mutate(n => n["signature"]!["content"] = "AAAA"),
        };
        foreach (var c in cases)
        {
            Assert.Throws<SignetFormatException>(() => EntryRequests.FromCreateEntryRequest(Encoding.UTF8.GetBytes(c.ToJsonString())));
        }

        Assert.Throws<SignetFormatException>(() => EntryRequests.FromCreateEntryRequest("{\"dsseRequestV002\":{}}"u8.ToArray()));
        Assert.Throws<SignetFormatException>(() => EntryRequests.FromCreateEntryRequest("{}"u8.ToArray()));
    }

    [Fact]
    public void Dsse_001_verifies_every_signature_and_logs_the_hashes()
    {
        var key = SigningKey.GenerateEcdsaP256();
        var payload = Encoding.UTF8.GetBytes("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"" + new string('a', 64) + "\"}}]}");
        const string type = "application/vnd.in-toto+json";
        var sig = key.Sign(Signet.Core.Dsse.Dsse.Pae(type, payload));
        var envelope = new JsonObject { ["payloadType"] = type, ["payload"] = Convert.ToBase64String(payload), ["signatures"] = new JsonArray((JsonNode)new JsonObject { ["sig"] = Convert.ToBase64String(sig) }) }.ToJsonString();
        var verifier = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.PublicKey.ToPem()));
        byte[] Request(string env) => Encoding.UTF8.GetBytes(new JsonObject
        {
            ["kind"] = "dsse",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject { ["proposedContent"] = new JsonObject { ["envelope"] = env, ["verifiers"] = new JsonArray(verifier) } },
        }.ToJsonString());

        var e = EntryRequests.FromProposedEntry(Request(envelope));
        using var doc = JsonDocument.Parse(e.Body);
        var spec = doc.RootElement.GetProperty("spec");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(payload)), spec.GetProperty("payloadHash").GetProperty("value").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(envelope))), spec.GetProperty("envelopeHash").GetProperty("value").GetString());
        Assert.Equal(Convert.ToBase64String(sig), spec.GetProperty("signatures")[0].GetProperty("signature").GetString());
        Assert.Contains("sha256:" + new string('a', 64), e.SearchKeys);

        var tampered = envelope.Replace(Convert.ToBase64String(payload), Convert.ToBase64String(Encoding.UTF8.GetBytes("{}")), StringComparison.Ordinal);
        Assert.Throws<SignetFormatException>(() => EntryRequests.FromProposedEntry(Request(tampered)));
    }

    [Fact]
    public void Intoto_002_as_sigstore_js_sends_it_is_accepted_and_claimed_hashes_are_checked()
    {
        var key = SigningKey.GenerateEcdsaP256();
        var payload = Encoding.UTF8.GetBytes("{\"_type\":\"https://in-toto.io/Statement/v1\"}");
        const string type = "application/vnd.in-toto+json";
        var sig = key.Sign(Signet.Core.Dsse.Dsse.Pae(type, payload));
        var pem = key.PublicKey.ToPem();
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));
        // sigstore-js: hash = sha256(JCS({payloadType, payload: b64(payload), signatures: [{sig: b64(sig), publicKey: PEM}]}))
        var hashInput = new JsonObject
        {
            ["payloadType"] = type,
            ["payload"] = Convert.ToBase64String(payload),
            ["signatures"] = new JsonArray((JsonNode)new JsonObject { ["sig"] = Convert.ToBase64String(sig), ["publicKey"] = pem }),
        };
        var envelopeHash = Convert.ToHexStringLower(SHA256.HashData(Signet.Core.Json.Rfc8785.Canonicalize(Encoding.UTF8.GetBytes(hashInput.ToJsonString()))));
        JsonObject Request(string hash) => new()
        {
            ["apiVersion"] = "0.0.2",
            ["kind"] = "intoto",
            ["spec"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["envelope"] = new JsonObject
                    {
                        ["payloadType"] = type,
                        ["payload"] = B64(Convert.ToBase64String(payload)),
                        ["signatures"] = new JsonArray((JsonNode)new JsonObject { ["sig"] = B64(Convert.ToBase64String(sig)), ["publicKey"] = B64(pem) }),
                    },
                    ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = hash },
                    ["payloadHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(payload)) },
                },
            },
        };

        var e = EntryRequests.FromProposedEntry(Encoding.UTF8.GetBytes(Request(envelopeHash).ToJsonString()));
        using var doc = JsonDocument.Parse(e.Body);
        var content = doc.RootElement.GetProperty("spec").GetProperty("content");
        Assert.False(content.GetProperty("envelope").TryGetProperty("payload", out _));
        Assert.Equal(B64(Convert.ToBase64String(sig)), content.GetProperty("envelope").GetProperty("signatures")[0].GetProperty("sig").GetString());
        Assert.Throws<SignetFormatException>(() => EntryRequests.FromProposedEntry(Encoding.UTF8.GetBytes(Request(new string('0', 64)).ToJsonString())));
    }
}
