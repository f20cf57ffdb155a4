using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using DsseAlg = Signet.Core.Dsse.Dsse;

namespace Signet.Conformance.Tests;

/// <summary>
/// Entry kinds and failure modes the public conformance cases do not cover, on bundles built by
/// <see cref="SyntheticSigstore"/>: intoto 0.0.1, dsse 0.0.1, hashedrekord 0.0.1 written by our own models.
/// </summary>
public sealed class SyntheticVerifyTests : IDisposable
{
    private static readonly byte[] ArtifactBytes = "hello, synthetic sigstore\n"u8.ToArray();
    private readonly SyntheticSigstore _s = new();

    public void Dispose() => _s.Dispose();

    private static VerificationPolicy Policy => VerificationPolicy.ForIdentity(SyntheticSigstore.San, SyntheticSigstore.Issuer);

    private Verifier Verifier(VerifierOptions? o = null) => new(TrustedMaterial.FromTrustedRoot(_s.Root), o);

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    private static byte[] Statement(byte[] artifact, string predicateType = "https://example.com/predicate/v1")
        => Encoding.UTF8.GetBytes(new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject { ["name"] = "a", ["digest"] = new JsonObject { ["sha256"] = Hex(SHA256.HashData(artifact)) } }),
            ["predicateType"] = predicateType,
            ["predicate"] = new JsonObject(),
        }.ToJsonString());

    private static JsonObject HashOf(string hex) => new() { ["algorithm"] = "sha256", ["value"] = hex };

    private static byte[] HashedRekordBody(byte[] artifact, byte[] sig, X509Certificate2 cert) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["apiVersion"] = "0.0.1",
        ["kind"] = "hashedrekord",
        ["spec"] = new JsonObject
        {
            ["data"] = new JsonObject { ["hash"] = HashOf(Hex(SHA256.HashData(artifact))) },
            ["signature"] = new JsonObject { ["content"] = Convert.ToBase64String(sig), ["publicKey"] = new JsonObject { ["content"] = B64(SyntheticSigstore.Pem(cert)) } },
        },
    }.ToJsonString());

    private Bundle Dsse(string kind, X509Certificate2 leaf, ECDsa key, byte[] payload, string payloadType = "application/vnd.in-toto+json", X509Certificate2? entryCert = null, DateTimeOffset? integrated = null, int signatures = 1)
    {
        var sig = key.SignData(DsseAlg.Pae(payloadType, payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var pem = B64(SyntheticSigstore.Pem(entryCert ?? leaf));
        var payloadHash = Hex(SHA256.HashData(payload));
        var spec = kind == "intoto"
            ? new JsonObject
            {
                ["content"] = new JsonObject { ["hash"] = HashOf(Hex(SHA256.HashData("envelope"u8))), ["payloadHash"] = HashOf(payloadHash) },
                ["publicKey"] = pem,
            }
            : new JsonObject
            {
                ["envelopeHash"] = HashOf(payloadHash),
                ["payloadHash"] = HashOf(payloadHash),
                ["signatures"] = new JsonArray(new JsonObject { ["signature"] = Convert.ToBase64String(sig), ["verifier"] = pem }),
            };
        var body = new JsonObject { ["apiVersion"] = "0.0.1", ["kind"] = kind, ["spec"] = spec }.ToJsonString();
        var entry = _s.LogEntry(kind, "0.0.1", Encoding.UTF8.GetBytes(body), integrated ?? SyntheticSigstore.T0.AddMinutes(1));
        var sigs = Enumerable.Repeat(new EnvelopeSignature(sig, null), signatures).ToArray();
        var b = new Bundle(MediaTypes.BundleV03, new VerificationMaterial(null, null, leaf.RawData, [entry], []), null, new Envelope(payload, payloadType, sigs));
        return Bundle.Parse(b.ToJson()); // through the wire form, as a client would receive it
    }

    private Bundle MessageSignature(X509Certificate2 leaf, ECDsa key, byte[] artifact, DateTimeOffset? integrated = null)
    {
        var sig = key.SignData(artifact, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var entry = _s.LogEntry("hashedrekord", "0.0.1", HashedRekordBody(artifact, sig, leaf), integrated ?? SyntheticSigstore.T0.AddMinutes(1));
        var b = new Bundle(MediaTypes.BundleV03, new VerificationMaterial(null, null, leaf.RawData, [entry], []), new MessageSignature(new HashOutput("SHA2_256", SHA256.HashData(artifact)), sig), null);
        return Bundle.Parse(b.ToJson());
    }

    [Theory]
    [InlineData("intoto")]
    [InlineData("dsse")]
    public void Dsse_bundle_with_an_entry_of_this_kind_verifies_for_bytes_and_digest(string kind)
    {
        var (leaf, key) = _s.IssueLeaf();
        var b = Dsse(kind, leaf, key, Statement(ArtifactBytes));
        var r = Verifier().Verify(b, Artifact.FromBytes(ArtifactBytes), Policy);
        Assert.Equal("https://example.com/predicate/v1", r.Statement!.PredicateType);
        Assert.Equal(SyntheticSigstore.T0.AddMinutes(1), Assert.Single(r.Timestamps).Time);
        Assert.NotNull(Verifier().Verify(b, Artifact.FromDigest(HashAlgorithmName.SHA256, SHA256.HashData(ArtifactBytes)), Policy));

        var other = Assert.Throws<VerificationException>(() => Verifier().Verify(b, Artifact.FromBytes("other"u8.ToArray()), Policy));
        Assert.Equal(VerificationErrorCode.ArtifactMismatch, other.Code);
    }

    [Theory]
    [InlineData("intoto")]
    [InlineData("dsse")]
    public void Entry_naming_another_certificate_does_not_match(string kind)
    {
        var (leaf, key) = _s.IssueLeaf();
        var (otherLeaf, _) = _s.IssueLeaf();
        var b = Dsse(kind, leaf, key, Statement(ArtifactBytes), entryCert: otherLeaf);
        Assert.Equal(VerificationErrorCode.TransparencyLogEntryMismatch, Assert.Throws<VerificationException>(() => Verifier().Verify(b, Artifact.FromBytes(ArtifactBytes), Policy)).Code);
    }

    [Fact]
    public void Non_in_toto_payload_and_multiple_envelope_signatures_are_refused()
    {
        var (leaf, key) = _s.IssueLeaf();
        var plain = Dsse("dsse", leaf, key, "just bytes"u8.ToArray(), payloadType: "text/plain");
        Assert.Equal(VerificationErrorCode.UnsupportedPayload, Assert.Throws<VerificationException>(() => Verifier().Verify(plain, Artifact.FromBytes(ArtifactBytes), Policy)).Code);
        var two = Dsse("intoto", leaf, key, Statement(ArtifactBytes), signatures: 2);
        Assert.Equal(VerificationErrorCode.BundleIncomplete, Assert.Throws<VerificationException>(() => Verifier().Verify(two, Artifact.FromBytes(ArtifactBytes), Policy)).Code);
    }

    [Fact]
    public void Hashedrekord_bundle_written_by_our_models_verifies_and_a_bad_signature_is_caught()
    {
        var (leaf, key) = _s.IssueLeaf();
        var b = MessageSignature(leaf, key, ArtifactBytes);
        Assert.NotNull(Verifier().Verify(b, Artifact.FromBytes(ArtifactBytes), Policy));
        Assert.NotNull(Verifier().Verify(b, Artifact.FromDigestString("sha256:" + Hex(SHA256.HashData(ArtifactBytes))), Policy));

        // Same entry, but the bundle's signature no longer matches the artifact: the entry mismatch is caught first.
        var tampered = b with { MessageSignature = b.MessageSignature! with { Signature = key.SignData("x"u8.ToArray(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence) } };
        Assert.Equal(VerificationErrorCode.TransparencyLogEntryMismatch, Assert.Throws<VerificationException>(() => Verifier().Verify(tampered, Artifact.FromBytes(ArtifactBytes), Policy)).Code);
    }

    [Fact]
    public void Sct_rules_bad_signature_fails_missing_sct_only_with_the_unsafe_opt_out()
    {
        var (badLeaf, key) = _s.IssueLeaf(sctSignedCorrectly: false);
        var b = MessageSignature(badLeaf, key, ArtifactBytes);
        Assert.Equal(VerificationErrorCode.SignedCertificateTimestampInvalid, Assert.Throws<VerificationException>(() => Verifier().Verify(b, Artifact.FromBytes(ArtifactBytes), Policy)).Code);

        // Without the CT log in the trusted root the SCT cannot be checked: refused, unless opted out explicitly.
        var noCt = _s.Root with { Ctlogs = [] };
        var (leaf, key2) = _s.IssueLeaf();
        var good = MessageSignature(leaf, key2, ArtifactBytes);
        Assert.Throws<VerificationException>(() => new Verifier(TrustedMaterial.FromTrustedRoot(noCt)).Verify(good, Artifact.FromBytes(ArtifactBytes), Policy));
        Assert.NotNull(new Verifier(TrustedMaterial.FromTrustedRoot(noCt), VerifierOptions.Default.WithoutSignedCertificateTimestampsUnsafe()).Verify(good, Artifact.FromBytes(ArtifactBytes), Policy));
    }

    [Fact]
    public void Hybrid_time_model_leaf_and_ca_window_must_hold_at_the_integrated_time()
    {
        var (leaf, key) = _s.IssueLeaf();
        var late = MessageSignature(leaf, key, ArtifactBytes, integrated: SyntheticSigstore.T0.AddMinutes(11));
        Assert.Equal(VerificationErrorCode.CertificateNotValidAtTime, Assert.Throws<VerificationException>(() => Verifier().Verify(late, Artifact.FromBytes(ArtifactBytes), Policy)).Code);

        using var expiredCa = new SyntheticSigstore(caValidFor: new TimeRange(SyntheticSigstore.T0.AddDays(-1), SyntheticSigstore.T0));
        var (leaf2, key2) = expiredCa.IssueLeaf();
        var sig = key2.SignData(ArtifactBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var entry = expiredCa.LogEntry("hashedrekord", "0.0.1", HashedRekordBody(ArtifactBytes, sig, leaf2), SyntheticSigstore.T0.AddMinutes(1));
        var b = new Bundle(MediaTypes.BundleV03, new VerificationMaterial(null, null, leaf2.RawData, [entry], []), new MessageSignature(null, sig), null);
        var e = Assert.Throws<VerificationException>(() => new Verifier(TrustedMaterial.FromTrustedRoot(expiredCa.Root)).Verify(b, Artifact.FromBytes(ArtifactBytes), Policy));
        Assert.Equal(VerificationErrorCode.CertificateChainInvalid, e.Code);
    }

    [Fact]
    public void Certificate_from_an_untrusted_ca_is_refused()
    {
        using var other = new SyntheticSigstore();
        var (leaf, key) = other.IssueLeaf();
        var b = MessageSignature(leaf, key, ArtifactBytes);
        Assert.Equal(VerificationErrorCode.CertificateChainInvalid, Assert.Throws<VerificationException>(() => Verifier().Verify(b, Artifact.FromBytes(ArtifactBytes), Policy)).Code);
    }

    [Theory]
    [InlineData("RsaPss")]
    [InlineData("Ed25519")]
    public void Leaf_signed_by_an_rsa_pss_or_ed25519_ca_verifies_and_a_same_named_impostor_does_not(string caAlgorithm)
    {
        var algorithm = Enum.Parse<SyntheticSigstore.CaAlgorithm>(caAlgorithm);
        using var ca = new SyntheticSigstore(caAlgorithm: algorithm);
        var verifier = new Verifier(TrustedMaterial.FromTrustedRoot(ca.Root));
        var (leaf, key) = ca.IssueLeaf();
        var sig = key.SignData(ArtifactBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var entry = ca.LogEntry("hashedrekord", "0.0.1", HashedRekordBody(ArtifactBytes, sig, leaf), SyntheticSigstore.T0.AddMinutes(1));
        var b = new Bundle(MediaTypes.BundleV03, new VerificationMaterial(null, null, leaf.RawData, [entry], []), new MessageSignature(null, sig), null);
        Assert.Equal(SyntheticSigstore.San, verifier.Verify(b, Artifact.FromBytes(ArtifactBytes), Policy).Certificate!.SubjectAlternativeName);

        // Another CA of the same algorithm and the same name: only the signature over the TBS tells them apart.
        using var impostor = new SyntheticSigstore(caAlgorithm: algorithm);
        var (fake, fakeKey) = impostor.IssueLeaf();
        var fakeSig = fakeKey.SignData(ArtifactBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var fakeEntry = ca.LogEntry("hashedrekord", "0.0.1", HashedRekordBody(ArtifactBytes, fakeSig, fake), SyntheticSigstore.T0.AddMinutes(1));
        var forged = new Bundle(MediaTypes.BundleV03, new VerificationMaterial(null, null, fake.RawData, [fakeEntry], []), new MessageSignature(null, fakeSig), null);
        Assert.Equal(VerificationErrorCode.CertificateChainInvalid, Assert.Throws<VerificationException>(() => verifier.Verify(forged, Artifact.FromBytes(ArtifactBytes), Policy)).Code);
    }

    [Fact]
    public void Rsa_pss_certificate_signature_with_other_parameters_than_the_platform_verifies_fails_closed()
    {
        using var ca = new SyntheticSigstore(caAlgorithm: SyntheticSigstore.CaAlgorithm.RsaPss);
        using var issuer = Signet.Core.Certificates.IssuerKey.From(ca.Ca);
        var (leaf, _) = ca.IssueLeaf();
        var der = leaf.RawData;
        var parts = Signet.Core.Certificates.X509Parts.Parse(der);
        Assert.Equal("1.2.840.113549.1.1.10", parts.SignatureAlgorithm);
        Assert.True(parts.IsSignedBy(issuer));

        // RFC 4055 §3.1 saltLength [2] INTEGER 32 → 20 in the outer signatureAlgorithm (the TBS is untouched, so the
        // signature is still the CA's): a salt the platform's PSS check would not enforce must be refused.
        var outer = 4 + parts.TbsCertificate.Length;
        var at = der.AsSpan(outer).IndexOf(new byte[] { 0xA2, 0x03, 0x02, 0x01, 0x20 });
        Assert.True(at > 0);
        var tampered = (byte[])der.Clone();
        tampered[outer + at + 4] = 0x14;
        Assert.False(Signet.Core.Certificates.X509Parts.Parse(tampered).IsSignedBy(issuer));
    }
}
