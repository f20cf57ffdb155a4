using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>One virtual Sigstore for a test class: its services' keys are made once, every test issues its own bundles.</summary>
public sealed class VirtualSigstoreFixture : IDisposable
{
    public VirtualSigstore Sigstore { get; } = new();

    public void Dispose() => Sigstore.Dispose();
}

/// <summary>
/// Verifier tests per client-spec step (architecture-docs client-spec.md §4): each takes a bundle the virtual Sigstore
/// issued, breaks exactly one thing, and asserts that the verifier refuses it for exactly that reason (code and words).
/// Bundles go through their JSON form first, as a verifier receives them.
/// </summary>
public abstract class VerificationTestBase(VirtualSigstoreFixture fixture) : IClassFixture<VirtualSigstoreFixture>
{
    protected const string Alice = BundleRequest.DefaultIdentity;

    protected const string Issuer = InMemoryIdentityToken.Issuer;

    protected static readonly byte[] ArtifactBytes = new BundleRequest().Artifact;

    protected VirtualSigstore Sigstore => fixture.Sigstore;

    protected static VerificationPolicy AlicePolicy => VerificationPolicy.ForIdentity(Alice, Issuer);

    protected Task<Bundle> IssueAsync(BundleRequest? request = null) => Sigstore.IssueAsync(request ?? new BundleRequest());

    /// <summary>Verifies through the bundle's JSON, with Alice's policy, the default artifact and the virtual trusted root unless told otherwise.</summary>
    protected VerificationResult Verify(
        Bundle bundle, VerifierOptions? options = null, VerificationPolicy? policy = null, Artifact? artifact = null, TrustedRoot? root = null)
    {
        var parsed = Bundle.Parse(bundle.ToJson());
        var verifier = new Verifier(TrustedMaterial.FromTrustedRoot(root ?? Sigstore.TrustedRoot), options);
        return verifier.Verify(parsed, artifact ?? Artifact.FromBytes(ArtifactBytes), policy ?? AlicePolicy);
    }

    /// <summary>Asserts the refusal is for <paramref name="code"/> and says <paramref name="because"/>.</summary>
    protected static void AssertRefused(VerificationErrorCode code, string because, Action verify)
    {
        var e = Assert.Throws<VerificationException>(verify);
        Assert.Equal(code, e.Code);
        Assert.Contains(because, e.Message, StringComparison.Ordinal);
    }

    /// <summary>The bundle with its first log entry replaced by what <paramref name="change"/> makes of it.</summary>
    protected static Bundle WithEntry(Bundle bundle, Func<TransparencyLogEntry, TransparencyLogEntry> change)
    {
        var material = bundle.VerificationMaterial;
        return bundle with { VerificationMaterial = material with { TlogEntries = [change(material.TlogEntries[0]), .. material.TlogEntries.Skip(1)] } };
    }

    /// <summary>The bundle with its first entry's inclusion proof replaced by what <paramref name="change"/> makes of it.</summary>
    protected static Bundle WithProof(Bundle bundle, Func<TlogInclusionProof, TlogInclusionProof> change) =>
        WithEntry(bundle, e => e with { InclusionProof = change(e.InclusionProof!) });

    protected static byte[] Flipped(byte[] bytes, int at = -1)
    {
        var copy = (byte[])bytes.Clone();
        copy[at < 0 ? copy.Length / 2 : at] ^= 0x01;
        return copy;
    }
}
