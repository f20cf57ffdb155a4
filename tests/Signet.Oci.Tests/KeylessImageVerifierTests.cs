using Signet.Core.Verification;
using Signet.Oci.Signatures;

namespace Signet.Oci.Tests;

/// <summary>
/// Keyless image signatures (identity token from the development issuer, certificate from the local CA, log entry,
/// timestamp) in both layouts against the real registry: identities are told apart, a wrong identity never verifies,
/// and a platform's signature inside an index belongs to that platform only.
/// </summary>
public sealed class KeylessImageVerifierTests(SigningRegistryFixture fixture) : IClassFixture<SigningRegistryFixture>
{
    private const string Alice = "alice@example.com";
    private const string Bob = "bob@example.com";

    private Task<ImageVerification> Verify(RegistryClient c, ImageReference r, OciDigest d, VerificationPolicy policy) =>
        ImageVerifier.VerifyAsync(c, r, d, fixture.Verifier, policy);

    [Fact]
    public async Task Two_identities_in_both_layouts_are_all_listed_and_the_policy_picks_the_right_one()
    {
        using var c = fixture.Client();
        var r = fixture.Ref("keyless/two:v1");
        await TestImages.PushImageAsync(c, "keyless/two", "v1", "keyless two");
        var target = await SigningRegistryFixture.SignBothAsync(c, r, s => fixture.KeylessAsync(Alice, s));
        await SigningRegistryFixture.SignBothAsync(c, r, s => fixture.KeylessAsync(Bob, s));

        var forAlice = await Verify(c, r, target.Digest, fixture.Identity(Alice));
        Assert.Equal(["bundle", "legacy"], forAlice.Verified.Select(v => v.Layout).Order().ToArray());
        Assert.All(forAlice.Verified, v => Assert.Equal(Alice, v.Result.Certificate!.SubjectAlternativeName));
        Assert.All(forAlice.Verified, v => Assert.NotEmpty(v.Result.LogEntries));
        Assert.Equal(2, forAlice.Rejected.Count);
        Assert.All(forAlice.Rejected, x => Assert.Contains($"'{Bob}' does not match", x.Reason, StringComparison.Ordinal));

        // Either identity may sign: all four are listed, two per identity.
        var either = VerificationPolicy.ForIdentity(
            new CertificateIdentity(StringMatcher.Exact(Alice), StringMatcher.Exact(fixture.Services.Issuer)),
            new CertificateIdentity(StringMatcher.Exact(Bob), StringMatcher.Exact(fixture.Services.Issuer)));
        var both = await Verify(c, r, target.Digest, either);
        Assert.Equal([Alice, Alice, Bob, Bob], both.Verified.Select(v => v.Result.Certificate!.SubjectAlternativeName!).Order().ToArray());
    }

    [Fact]
    public async Task Wrong_identity_or_issuer_verifies_nothing_and_says_why()
    {
        using var c = fixture.Client();
        var r = fixture.Ref("keyless/wrong:v1");
        await TestImages.PushImageAsync(c, "keyless/wrong", "v1", "keyless wrong");
        var target = await SigningRegistryFixture.SignBothAsync(c, r, s => fixture.KeylessAsync(Bob, s));

        var wrongIdentity = await Verify(c, r, target.Digest, fixture.Identity(Alice));
        Assert.Empty(wrongIdentity.Verified);
        Assert.Equal(2, wrongIdentity.Rejected.Count);
        Assert.All(wrongIdentity.Rejected, x => Assert.StartsWith("Policy:", x.Reason, StringComparison.Ordinal));

        var wrongIssuer = await Verify(c, r, target.Digest, VerificationPolicy.ForIdentity(Bob, "https://accounts.example.com"));
        Assert.Empty(wrongIssuer.Verified);

        var keyPolicy = await Verify(c, r, target.Digest, VerificationPolicy.ForPublicKey(Signet.Core.Keys.SigningKey.GenerateEcdsaP256().PublicKey));
        Assert.Empty(keyPolicy.Verified);
    }

    [Fact]
    public async Task Platform_manifest_signed_inside_an_index_verifies_for_that_platform_only()
    {
        using var c = fixture.Client();
        var (index, images) = await TestImages.PushIndexAsync(c, "keyless/multi", "v1", "linux/amd64", "linux/arm64");
        var r = fixture.Ref("keyless/multi:v1");
        var resolved = await c.ResolveAsync(r);
        Assert.True(resolved.IsIndex);
        var arm = PlatformSelector.Select(resolved.AsIndex(), OciPlatform.Parse("linux/arm64"))!;
        Assert.Equal(images[1].Digest, arm.ParsedDigest);
        var armManifest = await c.GetManifestAsync("keyless/multi", arm.Digest);
        foreach (var storage in new[] { SignatureStorage.Legacy, SignatureStorage.Bundle })
        {
            await ImageSigner.SignAsync(c, r, armManifest, await fixture.KeylessAsync(Alice, storage), storage, TimeProvider.System);
        }

        Assert.Equal(2, (await Verify(c, r, images[1].Digest, fixture.Identity(Alice))).Verified.Count);
        var amd = await Verify(c, r, images[0].Digest, fixture.Identity(Alice));
        Assert.Empty(amd.Verified);
        Assert.Empty(amd.Rejected); // nothing is attached to the other platform
        Assert.Empty((await Verify(c, r, index.Digest, fixture.Identity(Alice))).Verified);
    }
}
