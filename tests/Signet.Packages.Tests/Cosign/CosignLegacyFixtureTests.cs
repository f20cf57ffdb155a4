using Signet.Core;
using Signet.Core.Bundles.Legacy;
using Signet.Core.Keys;

namespace Signet.Packages.Tests.Cosign;

/// <summary>
/// sigstore-python's and sigstore-rs's legacy material (TestData/cosign-legacy/SOURCE.md): rows 1, 3, 5 and 6 run offline
/// here. Rows 2 and 4 need the 2022 entries of Sigstore's staging Rekor, which this machine cannot reach; the same online
/// path (search by hash, entry, SET, proof and body) is tested against Signet's own log in <see cref="DetachedSignatureOnlineTests"/>.
/// </summary>
public sealed class CosignLegacyFixtureTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("signet-cosign-legacy-").FullName;

    private static string Py(string name) => Fixtures.Dir("cosign-legacy", "sigstore-python", name);

    private static string Rs(string name) => Fixtures.Dir("cosign-legacy", "sigstore-rs", name);

    // sigstore-python 1.x signed with P-384 keys over SHA-256 digests (issue 14 item 8): the verdict is pass.
    [Fact]
    public void Row1_the_offline_rekor_bundle_verifies_under_the_2022_staging_trust()
    {
        var root = Fixtures.Staging2022Root(_work);
        var (exit, output, error) = Cli.Run("verify", Py("offline-rekor.txt"), "--bundle", Py("offline-rekor.txt.rekor"), "--signature", Py("offline-rekor.txt.sig"),
            "--certificate", Py("offline-rekor.txt.crt"), "--certificate-identity-regexp", ".*", "--certificate-oidc-issuer-regexp", ".*", "--trusted-root", root);
        Assert.True(exit == Exit.Ok, error);
        Assert.Contains("william@yossarian.net", output);
        Assert.Contains("log integrated time", output);

        // The same entry does not vouch for another artifact, nor does another signature use it.
        Assert.Equal(Exit.Refused, Cli.Run("verify", Py("a.txt"), "--bundle", Py("offline-rekor.txt.rekor"), "--signature", Py("offline-rekor.txt.sig"),
            "--certificate", Py("offline-rekor.txt.crt"), "--certificate-identity-regexp", ".*", "--certificate-oidc-issuer-regexp", ".*", "--trusted-root", root).Exit);
        Assert.Equal(Exit.Refused, Cli.Run("verify", Py("offline-rekor.txt"), "--bundle", Py("offline-rekor.txt.rekor"), "--signature", Py("a.txt.sig"),
            "--certificate", Py("offline-rekor.txt.crt"), "--certificate-identity-regexp", ".*", "--certificate-oidc-issuer-regexp", ".*", "--trusted-root", root).Exit);

        // Under today's production root the 2022 staging material is not trusted.
        Assert.Equal(Exit.Refused, Cli.Run("verify", Py("offline-rekor.txt"), "--bundle", Py("offline-rekor.txt.rekor"), "--signature", Py("offline-rekor.txt.sig"),
            "--certificate", Py("offline-rekor.txt.crt"), "--certificate-identity-regexp", ".*", "--certificate-oidc-issuer-regexp", ".*", "--trusted-root", Fixtures.ProductionRoot).Exit);
    }

    [Fact]
    public void Row3_a_policy_that_rejects_the_certificate_refuses_before_any_lookup()
    {
        // The log URL is unreachable: the refusal comes from the certificate alone, so no request is made.
        var (exit, _, error) = Cli.Run("verify", Py("a.txt"), "--signature", Py("a.txt.sig"), "--certificate", Py("a.txt.crt"),
            "--certificate-identity", "nobody@example.com", "--certificate-oidc-issuer", "https://github.com/login/oauth", "--trusted-root", Fixtures.StagingRoot, "--rekor-url", "http://127.0.0.1:1");
        Assert.Equal(Exit.Refused, exit);
        Assert.Contains("william@yossarian.net", error);

        // With the right identity the lookup is attempted, and an unreachable log is "unavailable", never a pass.
        var (down, _, downError) = Cli.Run("verify", Py("b.txt"), "--signature", Py("b.txt.sig"), "--certificate", Py("b.txt.crt"),
            "--certificate-identity", "william@yossarian.net", "--certificate-oidc-issuer", "https://github.com/login/oauth", "--trusted-root", Fixtures.StagingRoot, "--rekor-url", "http://127.0.0.1:1");
        Assert.Equal(Exit.Unavailable, down);
        Assert.Contains("unreachable", downError);
    }

    [Fact]
    public void Row5_example_bundle_parses_round_trips_and_its_set_verifies()
    {
        var bytes = Fixtures.Bytes("cosign-legacy", "sigstore-python", "example.bundle");
        Assert.Equal(BundleFormat.Rekor, BundleFormats.Detect(bytes));
        var bundle = RekorBundle.Parse(bytes);
        Assert.Equal(1624396085, bundle.IntegratedTime);
        Assert.Equal(5179, bundle.LogIndex);
        Assert.Equal("c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d", Convert.ToHexStringLower(bundle.LogId));
        var entry = bundle.ToLogEntry();
        Assert.Null(entry.InclusionProof);
        Assert.Equal("rekord", entry.KindVersion.Kind);
        var again = RekorBundle.Parse(RekorBundle.FromLogEntry(entry).ToJson());
        Assert.Equal(bundle.SignedEntryTimestamp, again.SignedEntryTimestamp);
        Assert.Equal(bundle.Body, again.Body);
        Assert.Equal(bundle.LogId, again.LogId);
        Assert.Equal((bundle.IntegratedTime, bundle.LogIndex), (again.IntegratedTime, again.LogIndex));
        Assert.Equal(bundle.Body, RekorBundle.Parse(bundle.ToJson()).Body);

        var rekorKey = VerificationKey.FromPem(File.ReadAllText(Rs("rekor.pub")));
        Assert.True(bundle.SignedEntryTimestampVerifies(rekorKey));
        Assert.False((bundle with { LogIndex = 5180 }).SignedEntryTimestampVerifies(rekorKey));
    }

    [Fact]
    public void Row6_the_old_cosign_bundle_verifies_under_the_production_root()
    {
        var bytes = Fixtures.Bytes("cosign-legacy", "sigstore-rs", "artifact.bundle");
        Assert.Equal(BundleFormat.CosignBlob, BundleFormats.Detect(bytes));
        var old = CosignBlobBundle.Parse(bytes);
        Assert.Equal(7810348, old.RekorBundle!.LogIndex);
        Assert.True(old.RekorBundle.SignedEntryTimestampVerifies(VerificationKey.FromPem(File.ReadAllText(Rs("rekor.pub")))));

        var (exit, output, error) = Cli.Run("verify", Rs("artifact.txt"), "--bundle", Rs("artifact.bundle"), "--certificate-identity", "daniel.bevenius@gmail.com",
            "--certificate-oidc-issuer", "https://github.com/login/oauth", "--trusted-root", Fixtures.ProductionRoot, "--json");
        Assert.True(exit == Exit.Ok, error);
        Assert.Contains("\"logIndex\":7810348", output);

        // The digest form of the artifact works the same (ECDSA over the SHA-256 prehash).
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Rs("artifact.txt"))));
        Assert.Equal(Exit.Ok, Cli.Run("verify", digest, "--bundle", Rs("artifact.bundle"), "--certificate-identity", "daniel.bevenius@gmail.com",
            "--certificate-oidc-issuer", "https://github.com/login/oauth", "--trusted-root", Fixtures.ProductionRoot).Exit);

        // Another artifact, another identity: refused.
        var other = Path.Combine(_work, "other.txt");
        File.WriteAllText(other, "something else\n");
        Assert.Equal(Exit.Refused, Cli.Run("verify", other, "--bundle", Rs("artifact.bundle"), "--certificate-identity", "daniel.bevenius@gmail.com",
            "--certificate-oidc-issuer", "https://github.com/login/oauth", "--trusted-root", Fixtures.ProductionRoot).Exit);
        Assert.Equal(Exit.Refused, Cli.Run("verify", Rs("artifact.txt"), "--bundle", Rs("artifact.bundle"), "--certificate-identity", "someone@else.com",
            "--certificate-oidc-issuer", "https://github.com/login/oauth", "--trusted-root", Fixtures.ProductionRoot).Exit);
    }

    [Fact]
    public void Ignoring_the_log_warns_and_a_certificate_still_needs_a_verified_time()
    {
        var (exit, _, error) = Cli.Run("verify", Rs("artifact.txt"), "--bundle", Rs("artifact.bundle"), "--certificate-identity", "daniel.bevenius@gmail.com",
            "--certificate-oidc-issuer", "https://github.com/login/oauth", "--trusted-root", Fixtures.ProductionRoot, "--insecure-ignore-tlog");
        Assert.Equal(Exit.Refused, exit);
        Assert.Contains("--insecure-ignore-tlog is unsafe", error);
        Assert.Contains("verified times", error);
    }

    [Theory]
    [InlineData("{}", "neither a Sigstore bundle")]
    [InlineData("{\"base64Signature\": \"!!\"}", "base64")]
    [InlineData("{\"SignedEntryTimestamp\": \"AA==\", \"Payload\": {\"body\": \"e30=\", \"integratedTime\": 1, \"logIndex\": -1, \"logID\": \"00\"}}", "logIndex")]
    [InlineData("[1]", "object")]
    public void Malformed_legacy_documents_are_invalid_input_in_one_line(string json, string message)
    {
        var path = Path.Combine(_work, "bad.json");
        File.WriteAllText(path, json);
        var (exit, _, error) = Cli.Run("verify", Rs("artifact.txt"), "--bundle", path, "--signature", Py("a.txt.sig"), "--certificate", Py("a.txt.crt"),
            "--certificate-identity", "x", "--certificate-oidc-issuer", "y", "--trusted-root", Fixtures.ProductionRoot);
        Assert.Equal(Exit.InvalidInput, exit);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Certificates_read_as_pem_base64_pem_or_der_and_chains_lose_their_roots()
    {
        var pem = File.ReadAllBytes(Py("a.txt.crt"));
        var der = DetachedSignature.DecodeCertificates(pem, "c")[0];
        Assert.Equal(der, DetachedSignature.DecodeCertificates(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(pem)), "c")[0]);
        Assert.Equal(der, DetachedSignature.DecodeCertificates(der, "c")[0]);
        Assert.Throws<SignetFormatException>(() => DetachedSignature.DecodeCertificates("not a certificate"u8, "c"));
        var root = Signet.Core.Encoding.Pem.Decode(File.ReadAllText(Fixtures.Dir("cosign-legacy", "sigstore-python", "staging-tuf-2022", "fulcio.crt.pem")), "CERTIFICATE");
        var intermediate = Signet.Core.Encoding.Pem.Decode(File.ReadAllText(Fixtures.Dir("cosign-legacy", "sigstore-python", "staging-tuf-2022", "fulcio_intermediate.crt.pem")), "CERTIFICATE");
        Assert.Equal([intermediate], DetachedSignature.WithoutRoots([intermediate, root]));
        Assert.Throws<SignetFormatException>(() => DetachedSignature.DecodeSignatureFile("not base64 at all"u8));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
