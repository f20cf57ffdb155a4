using System.Security.Cryptography;
using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Client.Tests.Signing;

/// <summary>
/// <see cref="SigningPayload.ForArtifactDigest"/>: an artifact signed from its SHA-256 alone (read as a stream by the
/// caller, so that its size does not matter) makes the same message signature as its bytes, verified against the bytes;
/// an Ed25519 key, which signs bytes, refuses it before anything is logged.
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
        Assert.False(session.SignsArtifactBytes);

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
        Assert.False(session.SignsArtifactBytes);

        var fromDigest = await session.SignAsync(SigningPayload.ForArtifactDigest(SHA256.HashData(Data)), CancellationToken.None);
        var fromBytes = await session.SignAsync(SigningPayload.ForArtifact(Data), CancellationToken.None);

        var options = VerifierOptions.Default.WithoutSignedCertificateTimestampsUnsafe();
        foreach (var signed in new[] { fromDigest, fromBytes })
        {
            Verifier(options).Verify(Bundle.Parse(signed.Bundle.ToJson()), Artifact.FromBytes(Data), VerificationPolicy.ForPublicKey(key.PublicKey));
            Assert.True(key.PublicKey.Verify(Data, signed.Bundle.MessageSignature!.Signature));
        }
    }

    [Fact]
    public async Task An_ed25519_key_needs_the_bytes_and_refuses_the_digest_before_anything_is_logged_or_timestamped()
    {
        using var key = SigningKey.GenerateEd25519();
        using var session = SigningSession.WithKey(new BundleSigner(_services.Clients, TimeProvider.System), key, _services.TrustedRoot());
        Assert.True(session.SignsArtifactBytes);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => session.SignAsync(SigningPayload.ForArtifactDigest(SHA256.HashData(Data)), CancellationToken.None));
        Assert.Contains("Ed25519", e.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0), (_services.Logs[0].Size, _services.Tsas[0].Issued));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(48)]
    public void A_digest_that_is_not_sha256_sized_is_refused(int length) =>
        Assert.Throws<ArgumentException>(() => SigningPayload.ForArtifactDigest(new byte[length]));
}
