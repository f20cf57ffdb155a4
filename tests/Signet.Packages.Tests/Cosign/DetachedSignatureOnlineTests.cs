using Signet.Core.Bundles;
using Signet.Core.Bundles.Legacy;
using Signet.Testing.Servers;

namespace Signet.Packages.Tests.Cosign;

/// <summary>
/// The online path of a detached pair against Signet's own services: <c>signet sign --output-signature --output-certificate</c>
/// logs to the Rekor v1 log, <c>signet verify --signature --certificate</c> finds the entry by the artifact's hash
/// (<c>POST /api/v1/index/retrieve</c>) and verifies its SET, inclusion proof and body; <c>bundle convert</c> makes v0.3
/// bundles of the pair and of an old cosign bundle.
/// </summary>
[Collection("interop")]
public sealed class DetachedSignatureOnlineTests : IDisposable
{
    private const string Email = "release@signet.dev";
    private readonly string _work = Directory.CreateTempSubdirectory("signet-detached-").FullName;

    [Fact]
    public async Task A_signet_signed_pair_verifies_online_converts_to_v03_and_tampering_is_refused()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var token = await stack.TokenAsync(Email);
        var artifact = Write("release.tar.gz", "the release"u8.ToArray());
        var sig = Path.Combine(_work, "release.sig");
        var crt = Path.Combine(_work, "release.crt");

        var signed = Cli.Run("sign", artifact, "--output-signature", sig, "--output-certificate", crt, "--identity-token", token, "--signing-config", stack.SigningConfigPath);
        Assert.True(signed.Exit == Exit.Ok, signed.Err);
        Assert.False(File.Exists(artifact + ".sigstore.json")); // only the pair was asked for
        Assert.Contains("BEGIN CERTIFICATE", File.ReadAllText(crt));

        string[] identity = ["--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, "--rekor-url", stack.Url];
        var verified = Cli.Run(["verify", artifact, "--signature", sig, "--certificate", crt, .. identity]);
        Assert.True(verified.Exit == Exit.Ok, verified.Err);
        Assert.Contains("inclusion", Cli.Run(["verify", artifact, "--signature", sig, "--certificate", crt, "--json", .. identity]).Out);

        // Another artifact: the log has no entry for its hash.
        var other = Write("other.tar.gz", "another release"u8.ToArray());
        var missing = Cli.Run(["verify", other, "--signature", sig, "--certificate", crt, .. identity]);
        Assert.Equal(Exit.Refused, missing.Exit);
        Assert.Contains("no entry", missing.Err);

        // The same artifact signed again by the same identity: the first signature's entry is one of two; each pair finds its own.
        var sig2 = Path.Combine(_work, "release2.sig");
        var crt2 = Path.Combine(_work, "release2.crt");
        Assert.Equal(Exit.Ok, Cli.Run("sign", artifact, "--output-signature", sig2, "--output-certificate", crt2, "--identity-token", token, "--signing-config", stack.SigningConfigPath).Exit);
        Assert.Equal(Exit.Ok, Cli.Run(["verify", artifact, "--signature", sig2, "--certificate", crt2, .. identity]).Exit);

        // A signature that is not the one logged with this certificate: no entry records it.
        var mixed = Cli.Run(["verify", artifact, "--signature", sig2, "--certificate", crt, .. identity]);
        Assert.Equal(Exit.Refused, mixed.Exit);

        // Another identity is refused without a lookup.
        Assert.Equal(Exit.Refused, Cli.Run("verify", artifact, "--signature", sig, "--certificate", crt, "--certificate-identity", "mallory@signet.dev",
            "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath, "--rekor-url", stack.Url).Exit);

        // bundle convert: the pair becomes a v0.3 bundle that verifies offline.
        var v03 = Path.Combine(_work, "release.sigstore.json");
        var converted = Cli.Run("bundle", "convert", artifact, "--signature", sig, "--certificate", crt, "--trusted-root", stack.TrustedRootPath, "--rekor-url", stack.Url, "--output", v03);
        Assert.True(converted.Exit == Exit.Ok, converted.Err);
        Assert.Equal(MediaTypes.BundleV03, Bundle.Parse(File.ReadAllBytes(v03)).MediaType);
        Assert.Equal(Exit.Ok, Cli.Run("verify", artifact, "--bundle", v03, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath).Exit);

        // cosign's old bundle form of the same signature (SET only) verifies offline and converts by fetching the proof.
        var bundle = Bundle.Parse(File.ReadAllBytes(v03));
        var old = new CosignBlobBundle(bundle.MessageSignature!.Signature, File.ReadAllText(crt), RekorBundle.FromLogEntry(bundle.VerificationMaterial.TlogEntries[0]));
        var oldPath = Write("release.cosign.bundle", old.ToJson());
        Assert.Equal(Exit.Ok, Cli.Run("verify", artifact, "--bundle", oldPath, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath).Exit);
        var fromOld = Path.Combine(_work, "from-old.sigstore.json");
        Assert.Equal(Exit.Ok, Cli.Run("bundle", "convert", "--bundle", oldPath, "--rekor-url", stack.Url, "--output", fromOld).Exit);
        Assert.Equal(Exit.Ok, Cli.Run("verify", artifact, "--bundle", fromOld, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath).Exit);

        // A tampered artifact is refused in every form.
        var tampered = Write("tampered.tar.gz", "the re1ease"u8.ToArray());
        Assert.Equal(Exit.Refused, Cli.Run("verify", tampered, "--bundle", oldPath, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath).Exit);
        Assert.Equal(Exit.Refused, Cli.Run("verify", tampered, "--bundle", v03, "--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath).Exit);
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
