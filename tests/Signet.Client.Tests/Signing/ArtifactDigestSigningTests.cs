using System.Security.Cryptography;
using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Asn1;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Client.Tests.Signing;

/// <summary>
/// <see cref="SigningPayload.ForArtifactDigest(System.Security.Cryptography.HashAlgorithmName, byte[])"/>: an artifact
/// signed from its digest alone (read as a stream by the caller, so that its size does not matter) makes a message
/// signature that verifies against its bytes as one signed from them. Every key signs the digest of the hash its
/// algorithm names (protobuf-specs' algorithm registry): P-256 and RSA SHA-256, P-384 SHA-384, P-521 SHA-512, Ed25519
/// SHA-512 as Ed25519ph — which the in-memory Rekor v2 log checks with the log's own entry code.
/// </summary>
public sealed class ArtifactDigestSigningTests : IDisposable
{
    private const string Alice = "alice@example.com";
    private static readonly byte[] Data = "a large artifact, hashed as a stream"u8.ToArray();
    private readonly InMemoryServices _services = new(TimeProvider.System);

    public void Dispose() => _services.Dispose();

    private Verifier Verifier(VerifierOptions? options = null) => new(TrustedMaterial.FromTrustedRoot(_services.TrustedRoot()), options ?? VerifierOptions.Default);

    [Fact]
    public async Task Keyless_signature_of_the_digest_verifies_against_the_artifact_bytes()
    {
        var token = IdentityToken.Parse(_services.Token(Alice));
        var payload = SigningPayload.ForArtifactDigest(SHA256.HashData(Data));
        using var session = SigningSession.Keyless(new BundleSigner(_services.Clients, TimeProvider.System), token, _services.TrustedRoot());
        Assert.Equal(HashAlgorithmName.SHA256, session.DigestHash);

        var signed = await session.SignAsync(payload, CancellationToken.None);

        Assert.Null(payload.Artifact);
        Assert.Equal(SHA256.HashData(Data), signed.Bundle.MessageSignature!.MessageDigest!.Digest);
        var result = Verifier().Verify(Bundle.Parse(signed.Bundle.ToJson()), Artifact.FromBytes(Data), VerificationPolicy.ForIdentity(Alice, InMemoryServices.Issuer));
        Assert.Equal(Alice, result.Certificate!.SubjectAlternativeName);
        Assert.Throws<VerificationException>(() => Verifier().Verify(Bundle.Parse(signed.Bundle.ToJson()), Artifact.FromBytes(Data.Append((byte)0).ToArray()), VerificationPolicy.ForIdentity(Alice, InMemoryServices.Issuer)));
    }

    [Fact]
    public async Task An_ecdsa_key_signs_the_digest_as_it_signs_the_bytes()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        using var session = SigningSession.WithKey(new BundleSigner(_services.Clients, TimeProvider.System), key, _services.TrustedRoot());
        Assert.Equal(HashAlgorithmName.SHA256, session.DigestHash);

        var fromDigest = await session.SignAsync(SigningPayload.ForArtifactDigest(SHA256.HashData(Data)), CancellationToken.None);
        var fromBytes = await session.SignAsync(SigningPayload.ForArtifact(Data), CancellationToken.None);

        var options = VerifierOptions.Default.WithoutSignedCertificateTimestampsUnsafe();
        foreach (var signed in new[] { fromDigest, fromBytes })
        {
            Verifier(options).Verify(Bundle.Parse(signed.Bundle.ToJson()), Artifact.FromBytes(Data), VerificationPolicy.ForPublicKey(key.PublicKey));
            Assert.True(key.PublicKey.Verify(Data, signed.Bundle.MessageSignature!.Signature));
        }
    }

    public static TheoryData<string> KeyKinds => new() { "p384", "p521", "ed25519", "rsa3072" };

    private static SigningKey NewKey(string kind) => kind switch
    {
        "p384" => SigningKey.FromEcdsa(ECDsa.Create(ECCurve.NamedCurves.nistP384)),
        "p521" => SigningKey.FromEcdsa(ECDsa.Create(ECCurve.NamedCurves.nistP521)),
        "ed25519" => SigningKey.GenerateEd25519(),
        _ => SigningKey.FromPkcs8(RSA.Create(3072).ExportPkcs8PrivateKey()),
    };

    [Theory]
    [MemberData(nameof(KeyKinds))]
    public async Task Each_key_signs_the_digest_its_algorithm_names_from_the_digest_or_the_bytes_and_the_log_accepts_it(string kind)
    {
        using var key = NewKey(kind);
        using var session = SigningSession.WithKey(new BundleSigner(_services.Clients, TimeProvider.System), key, _services.TrustedRoot());
        var expected = kind switch
        {
            "p384" => HashAlgorithmName.SHA384,
            "p521" or "ed25519" => HashAlgorithmName.SHA512,
            _ => HashAlgorithmName.SHA256,
        };
        Assert.Equal(expected, session.DigestHash);
        var digest = DigestAlgorithms.Hash(expected, Data);

        var fromDigest = await session.SignAsync(SigningPayload.ForArtifactDigest(expected, digest), CancellationToken.None);
        var fromBytes = await session.SignAsync(SigningPayload.ForArtifact(Data), CancellationToken.None);

        var options = VerifierOptions.Default.WithoutSignedCertificateTimestampsUnsafe();
        foreach (var signed in new[] { fromDigest, fromBytes })
        {
            var bundle = Bundle.Parse(signed.Bundle.ToJson());
            Assert.Equal(HashOutput.NameOf(expected), bundle.MessageSignature!.MessageDigest!.Algorithm);
            Assert.Equal(digest, bundle.MessageSignature.MessageDigest.Digest);
            Verifier(options).Verify(bundle, Artifact.FromBytes(Data), VerificationPolicy.ForPublicKey(key.PublicKey));
            Verifier(options).Verify(bundle, Artifact.FromDigest(expected, digest), VerificationPolicy.ForPublicKey(key.PublicKey));
            Assert.Throws<VerificationException>(() => Verifier(options).Verify(bundle, Artifact.FromBytes(Data.Append((byte)0).ToArray()), VerificationPolicy.ForPublicKey(key.PublicKey)));

            // The signature is the one the key's algorithm makes over the bytes: for Ed25519, libsodium's Ed25519ph.
            var algorithm = kind == "ed25519" ? SigningAlgorithm.PkixEd25519Ph : key.Algorithm;
            Assert.True(key.PublicKey.Verify(Data, bundle.MessageSignature.Signature, algorithm));
        }

        Assert.Equal(2, _services.Logs[0].Size);
    }

    [Fact]
    public async Task An_ed25519_key_refuses_a_sha256_digest_before_anything_is_logged_or_timestamped()
    {
        using var key = SigningKey.GenerateEd25519();
        using var session = SigningSession.WithKey(new BundleSigner(_services.Clients, TimeProvider.System), key, _services.TrustedRoot());

        var e = await Assert.ThrowsAsync<ArgumentException>(() => session.SignAsync(SigningPayload.ForArtifactDigest(SHA256.HashData(Data)), CancellationToken.None));
        Assert.Contains("SHA512", e.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (_services.Logs[0].Size, _services.Tsas[0].Issued));
    }

    [Fact]
    public async Task An_ed25519_key_signs_an_attestation_as_pure_ed25519_which_rekor_v2_cannot_record()
    {
        using var key = SigningKey.GenerateEd25519();
        using var session = SigningSession.WithKey(new BundleSigner(_services.Clients, TimeProvider.System), key, _services.TrustedRoot());

        var e = await Assert.ThrowsAsync<SignetFormatException>(() => session.SignAsync(SigningPayload.ForDsse("application/vnd.in-toto+json", "{}"u8.ToArray()), CancellationToken.None));
        Assert.Contains("cannot verify a PKIX_ED25519 signature over a digest", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _services.Logs[0].Size);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(48)]
    public void A_digest_that_is_not_sha256_sized_is_refused(int length) =>
        Assert.Throws<ArgumentException>(() => SigningPayload.ForArtifactDigest(new byte[length]));

    [Fact]
    public void A_digest_of_another_length_than_its_hash_or_of_another_hash_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SigningPayload.ForArtifactDigest(HashAlgorithmName.SHA384, new byte[64]));
        Assert.Throws<ArgumentException>(() => SigningPayload.ForArtifactDigest(HashAlgorithmName.SHA512, new byte[48]));
        Assert.Throws<ArgumentException>(() => SigningPayload.ForArtifactDigest(HashAlgorithmName.MD5, new byte[16]));
    }
}
