using System.Security.Cryptography;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;

namespace Signet.Conformance.Tests;

/// <summary>
/// Key-signed bundles with neither log entry nor timestamp (cosign <c>--tlog-upload=false</c>): refused by default,
/// accepted only with both named opt-outs, and the opt-outs never let a certificate through without a verified time.
/// </summary>
public sealed class KeySignedWithoutLogTests : IDisposable
{
    private static readonly byte[] ArtifactBytes = "signed offline\n"u8.ToArray();
    private readonly SyntheticSigstore _s = new();
    private readonly SigningKey _key = SigningKey.GenerateEcdsaP256();

    public void Dispose()
    {
        _key.Dispose();
        _s.Dispose();
    }

    private static VerifierOptions Unlogged => VerifierOptions.Default.WithoutTransparencyLogUnsafe().WithoutObserverTimestampsForKeysUnsafe();

    private Verifier Verifier(VerifierOptions? o = null) => new(TrustedMaterial.FromTrustedRoot(_s.Root), o);

    private Bundle Offline(byte[] artifact) => new(MediaTypes.BundleV03, new VerificationMaterial(new PublicKeyIdentifier(null), null, null, [], []),
        new MessageSignature(new HashOutput("SHA2_256", SHA256.HashData(artifact)), _key.Sign(artifact)), null);

    [Fact]
    public void Default_refuses_for_want_of_a_log_entry_and_the_log_opt_out_alone_for_want_of_a_time()
    {
        var b = Offline(ArtifactBytes);
        var policy = VerificationPolicy.ForPublicKey(_key.PublicKey);
        Assert.Equal(VerificationErrorCode.InsufficientTransparencyLogEntries,
            Assert.Throws<VerificationException>(() => Verifier().Verify(b, Artifact.FromBytes(ArtifactBytes), policy)).Code);
        Assert.Equal(VerificationErrorCode.InsufficientTimestamps,
            Assert.Throws<VerificationException>(() => Verifier(VerifierOptions.Default.WithoutTransparencyLogUnsafe()).Verify(b, Artifact.FromBytes(ArtifactBytes), policy)).Code);
    }

    [Fact]
    public void Both_opt_outs_accept_the_right_key_only_and_the_signature_is_still_checked()
    {
        var b = Offline(ArtifactBytes);
        var r = Verifier(Unlogged).Verify(b, Artifact.FromBytes(ArtifactBytes), VerificationPolicy.ForPublicKey(_key.PublicKey));
        Assert.Empty(r.Timestamps);
        Assert.Empty(r.LogEntries);

        using var other = SigningKey.GenerateEcdsaP256();
        Assert.Equal(VerificationErrorCode.SignatureInvalid,
            Assert.Throws<VerificationException>(() => Verifier(Unlogged).Verify(b, Artifact.FromBytes(ArtifactBytes), VerificationPolicy.ForPublicKey(other.PublicKey))).Code);
        Assert.Throws<VerificationException>(() => Verifier(Unlogged).Verify(b, Artifact.FromBytes("other"u8.ToArray()), VerificationPolicy.ForPublicKey(_key.PublicKey)));
    }

    [Fact]
    public void Certificate_without_any_verified_time_is_refused_even_with_both_opt_outs()
    {
        var (leaf, key) = _s.IssueLeaf();
        var sig = key.SignData(ArtifactBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var b = new Bundle(MediaTypes.BundleV03, new VerificationMaterial(null, null, leaf.RawData, [], []),
            new MessageSignature(new HashOutput("SHA2_256", SHA256.HashData(ArtifactBytes)), sig), null);
        var e = Assert.Throws<VerificationException>(() => Verifier(Unlogged).Verify(b, Artifact.FromBytes(ArtifactBytes),
            VerificationPolicy.ForIdentity(SyntheticSigstore.San, SyntheticSigstore.Issuer)));
        Assert.Equal(VerificationErrorCode.InsufficientTimestamps, e.Code);
    }
}
