using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Notes;
using Signet.Core.Verification;

namespace Signet.Conformance.Tests;

/// <summary>
/// The two classes of real bundles made by other Sigstore clients that verify there (issue 14), rebuilt here with
/// <see cref="SyntheticSigstore"/>'s keys, each next to the cases that must stay refused: Rekor v1 checkpoints signed
/// under an operator-chosen name (Sigstore's Kubernetes scaffolding: the pod's hostname), and sigstore-python 1.x/2.x
/// bundles whose P-384 leaf signed the artifact's SHA-256 digest.
/// </summary>
public sealed class CompatibilityBundleTests : IDisposable
{
    private const string PodName = "rekor-server-7b9c5d8f6-x2k4p";
    private static readonly byte[] ArtifactBytes = "cpython-3.12.0.tar.xz, say\n"u8.ToArray();
    private readonly SyntheticSigstore _s = new();

    public void Dispose() => _s.Dispose();

    private static VerificationPolicy Policy => VerificationPolicy.ForIdentity(SyntheticSigstore.San, SyntheticSigstore.Issuer);

    private Verifier Verifier => new(TrustedMaterial.FromTrustedRoot(_s.Root));

    private static JsonObject HashOf(byte[] digest) => new() { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(digest) };

    private static byte[] HashedRekordV001(byte[] digest, byte[] sig, X509Certificate2 cert) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["apiVersion"] = "0.0.1",
        ["kind"] = "hashedrekord",
        ["spec"] = new JsonObject
        {
            ["data"] = new JsonObject { ["hash"] = HashOf(digest) },
            ["signature"] = new JsonObject
            {
                ["content"] = Convert.ToBase64String(sig),
                ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(SyntheticSigstore.Pem(cert))) },
            },
        },
    }.ToJsonString());

    private static byte[] HashedRekordV002(byte[] digest, byte[] sig, X509Certificate2 cert) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["apiVersion"] = "0.0.2",
        ["kind"] = "hashedrekord",
        ["spec"] = new JsonObject
        {
            ["hashedRekordV002"] = new JsonObject
            {
                ["data"] = new JsonObject { ["algorithm"] = "SHA2_256", ["digest"] = Convert.ToBase64String(digest) },
                ["signature"] = new JsonObject
                {
                    ["content"] = Convert.ToBase64String(sig),
                    ["verifier"] = new JsonObject { ["x509Certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(cert.RawData) }, ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256" },
                },
            },
        },
    }.ToJsonString());

    /// <summary>A message-signature bundle over <see cref="ArtifactBytes"/>: signed over the SHA-256 digest, whatever the key's curve.</summary>
    private Bundle Signed(ECCurve? curve = null, string? checkpointName = null, SigningKey? checkpointKey = null, string entryVersion = "0.0.1",
        Func<TransparencyLogEntry, TransparencyLogEntry>? edit = null, string digestAlgorithm = "SHA2_256")
    {
        var (leaf, key) = _s.IssueLeaf(curve: curve);
        using (key)
        {
            var sha256 = SHA256.HashData(ArtifactBytes);
            var sig = key.SignHash(sha256, DSASignatureFormat.Rfc3279DerSequence);
            var body = entryVersion == "0.0.2" ? HashedRekordV002(sha256, sig, leaf) : HashedRekordV001(sha256, sig, leaf);
            var entry = _s.LogEntry("hashedrekord", entryVersion, body, SyntheticSigstore.T0.AddMinutes(1), checkpointName: checkpointName, checkpointKey: checkpointKey);
            var hint = digestAlgorithm == "SHA2_384" ? SHA384.HashData(ArtifactBytes) : sha256;
            var b = new Bundle(MediaTypes.BundleV03, new VerificationMaterial(null, null, leaf.RawData, [edit is null ? entry : edit(entry)], []),
                new MessageSignature(new HashOutput(digestAlgorithm, hint), sig), null);
            return Bundle.Parse(b.ToJson());
        }
    }

    private VerificationErrorCode Refused(Bundle b, Artifact? artifact = null)
        => Assert.Throws<VerificationException>(() => Verifier.Verify(b, artifact ?? Artifact.FromBytes(ArtifactBytes), Policy)).Code;

    [Fact]
    public void A_rekor_v1_checkpoint_signed_by_the_log_key_under_a_pod_name_verifies()
    {
        var b = Signed(checkpointName: PodName);

        var result = Verifier.Verify(b, Artifact.FromBytes(ArtifactBytes), Policy);

        Assert.True(Assert.Single(result.LogEntries).InclusionProofVerified);
        Assert.StartsWith(PodName + " - 42\n", b.VerificationMaterial.TlogEntries[0].InclusionProof!.Checkpoint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_under_a_pod_name_signed_by_another_key_is_refused()
    {
        using var stranger = SigningKey.GenerateEcdsaP256();
        Assert.Equal(VerificationErrorCode.CheckpointInvalid, Refused(Signed(checkpointName: PodName, checkpointKey: stranger)));
    }

    [Fact]
    public void A_checkpoint_signed_by_the_log_key_under_a_wrong_key_hint_is_refused()
    {
        var b = Signed(edit: e => WithCheckpoint(e, $"{PodName} - 42\n", new HintedSigner(PodName, 0xdeadbeef, _s.LogKey)));
        Assert.Equal(VerificationErrorCode.CheckpointInvalid, Refused(b));
    }

    [Fact]
    public void A_checkpoint_whose_origin_is_neither_the_log_nor_its_signer_is_refused()
    {
        var b = Signed(edit: e => WithCheckpoint(e, "some-other-log - 42\n", RekorNoteSigner.Create(PodName, _s.LogKey)));
        Assert.Equal(VerificationErrorCode.CheckpointInvalid, Refused(b));
    }

    [Fact]
    public void A_rekor_v2_entry_keeps_c2sp_rules_the_name_must_be_the_logs()
    {
        Assert.NotNull(Verifier.Verify(Signed(entryVersion: "0.0.2"), Artifact.FromBytes(ArtifactBytes), Policy)); // same entry, log's own name
        Assert.Equal(VerificationErrorCode.CheckpointInvalid, Refused(Signed(entryVersion: "0.0.2", checkpointName: PodName)));
    }

    [Fact]
    public void A_p384_leaf_signing_a_sha256_digest_verifies_for_the_artifact_and_its_digest()
    {
        var b = Signed(curve: ECCurve.NamedCurves.nistP384);

        Assert.NotNull(Verifier.Verify(b, Artifact.FromBytes(ArtifactBytes), Policy));
        Assert.NotNull(Verifier.Verify(b, Artifact.FromDigest(HashAlgorithmName.SHA256, SHA256.HashData(ArtifactBytes)), Policy));
        Assert.NotNull(Verifier.Verify(b, Artifact.FromDigestString("sha256:" + Convert.ToHexStringLower(SHA256.HashData(ArtifactBytes))), Policy));
    }

    [Fact]
    public void A_p384_sha256_bundle_does_not_verify_for_another_artifact_or_digest()
    {
        var b = Signed(curve: ECCurve.NamedCurves.nistP384);

        // The log entry records the artifact's digest, so another digest is caught there first.
        Assert.Equal(VerificationErrorCode.TransparencyLogEntryMismatch, Refused(b, Artifact.FromBytes("another artifact"u8.ToArray())));
        Assert.Equal(VerificationErrorCode.TransparencyLogEntryMismatch, Refused(b, Artifact.FromDigest(HashAlgorithmName.SHA256, SHA256.HashData("another"u8))));

        // The bundle's own digest hint naming another artifact is refused too, even where entry and signature agree.
        var hinted = b with { MessageSignature = b.MessageSignature! with { MessageDigest = new HashOutput("SHA2_256", SHA256.HashData("another"u8)) } };
        Assert.Equal(VerificationErrorCode.ArtifactMismatch, Refused(hinted));
    }

    [Fact]
    public void A_p384_signature_over_sha256_is_not_accepted_when_the_bundle_names_sha384()
    {
        // Only the sigstore-python shape (hint SHA2_256) selects SHA-256 for a P-384 key.
        var b = Signed(curve: ECCurve.NamedCurves.nistP384, digestAlgorithm: "SHA2_384");
        Assert.Equal(VerificationErrorCode.SignatureInvalid, Refused(b));
    }

    private static TransparencyLogEntry WithCheckpoint(TransparencyLogEntry e, string origin, INoteSigner signer)
    {
        var proof = e.InclusionProof!;
        var text = $"{origin}{proof.TreeSize}\n{Convert.ToBase64String(proof.RootHash)}\n";
        return e with { InclusionProof = proof with { Checkpoint = Encoding.UTF8.GetString(NoteOpener.Sign(text, signer)) } };
    }

    private sealed class HintedSigner(string name, uint keyHash, SigningKey key) : INoteSigner
    {
        public string Name => name;

        public uint KeyHash => keyHash;

        public byte[] Sign(ReadOnlySpan<byte> text) => key.Sign(text);
    }
}
