using Signet.Testing.Sigstore;

namespace Signet.Cli.Tests.Signing;

/// <summary>
/// Issue 14: in .NET, <c>$</c> also matches before a final <c>\n</c>, so a pattern ending in <c>main$</c> accepted a
/// certificate whose SAN ends in <c>main\n</c>. <c>signet verify</c> matches as RE2 does (cosign's Go regexp): the
/// bundle is refused, and the refusal shows the SAN's newline escaped, on one line.
/// </summary>
public sealed class IdentityNewlineTests : IDisposable
{
    private const string Workflow = "https://github.com/o/r/.github/workflows/r.yml@refs/heads/main";
    private const string Pattern = @"^https://github\.com/o/r/\.github/workflows/r\.yml@refs/heads/main$";

    private readonly string _dir = Directory.CreateTempSubdirectory("signet-identity-newline-").FullName;
    private readonly VirtualSigstore _sigstore = new();

    public void Dispose()
    {
        _sigstore.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_SAN_ending_in_a_newline_does_not_match_a_pattern_anchored_with_dollar_and_the_refusal_escapes_it()
    {
        var refused = await VerifyAsync(Workflow + "\n");

        Assert.True(refused.ExitCode == 1, $"exit {refused.ExitCode}\nstdout: {refused.StdOut}\nstderr: {refused.StdErr}");
        var line = Assert.Single(refused.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("refs/heads/main\\n'", line, StringComparison.Ordinal);
        Assert.DoesNotContain(refused.StdErr.ToCharArray(), c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public async Task The_same_bundle_without_the_newline_verifies()
    {
        var accepted = await VerifyAsync(Workflow);

        Assert.True(accepted.ExitCode == 0, $"exit {accepted.ExitCode}\nstdout: {accepted.StdOut}\nstderr: {accepted.StdErr}");
    }

    private async Task<SignetProcess.Result> VerifyAsync(string san)
    {
        // Issued by the CA's own code (with its SCT), for a SAN no identity token may carry.
        var request = new BundleRequest { CertificateProvider = new FixedIdentityCertificates(_sigstore.Ca, FixedIdentityCertificates.Uri(san)) };
        var bundle = await _sigstore.IssueAsync(request);
        var artifact = Path.Combine(_dir, "artifact.txt");
        await File.WriteAllBytesAsync(artifact, request.Artifact);
        await File.WriteAllBytesAsync(artifact + ".sigstore.json", bundle.ToJson());
        await File.WriteAllBytesAsync(Path.Combine(_dir, "trusted_root.json"), _sigstore.TrustedRoot.ToJson());
        return SignetProcess.Run(
            ["verify", artifact, "--bundle", artifact + ".sigstore.json", "--trusted-root", Path.Combine(_dir, "trusted_root.json"),
                "--certificate-identity-regexp", Pattern, "--certificate-oidc-issuer", InMemoryIdentityToken.Issuer],
            _dir, null, null);
    }
}
