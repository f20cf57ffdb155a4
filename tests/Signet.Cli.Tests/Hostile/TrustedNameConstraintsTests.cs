using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Testing.Certificates;
using Signet.Testing.Sigstore;

namespace Signet.Cli.Tests.Hostile;

/// <summary>
/// A trusted root whose CA certificate carries name constraints (RFC 5280 §4.2.1.10) that are malformed, of a form the
/// verifier does not enforce in a critical extension, or that exclude the signer: <c>signet verify</c> refuses with one
/// line saying why and exit 1 (verification failed; a malformed extension makes that authority unusable, as Go's chain
/// building refuses it), and never verifies. The certificate is the virtual Sigstore's CA re-made with the extension (same name and key), so the leaf
/// chains to it and the constraints are reached.
/// </summary>
public sealed class TrustedNameConstraintsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-name-constraints-").FullName;
    private readonly VirtualSigstore _sigstore = new();

    public void Dispose()
    {
        _sigstore.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    public static TheoryData<string, int, string> Cases() => new()
    {
        { "truncated", 1, "has name constraints the verifier cannot read: name constraints: malformed" },
        { "dns-trailing-dot", 1, "'example.com.' is not a valid dNSName constraint" },
        { "ip-five-octets", 1, "an iPAddress constraint of 5 octets" },
        { "maximum", 1, "a subtree with a minimum or maximum" },
        { "empty", 1, "an empty list of subtrees" },
        { "critical-directory-name", 1, "critical name constraints of a form the verifier does not enforce" },
        { "excluded", 1, "is excluded by the constraint 'example.com'" },
        { "not-permitted", 1, "is not within the permitted e-mail constraints ('example.org')" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_trusted_ca_with_broken_or_excluding_name_constraints_is_refused_with_one_line(string name, int exit, string because)
    {
        using var constrained = _sigstore.Ca.RootWith(Extension(name));
        var result = await VerifyAsync(constrained);

        Assert.True(result.ExitCode == exit, $"{name}: exit {result.ExitCode}\nstdout: {result.StdOut}\nstderr: {result.StdErr}");
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("signet", line, StringComparison.Ordinal);
        Assert.Contains(because, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_bundle_verifies_under_constraints_that_permit_the_signer()
    {
        using var constrained = _sigstore.Ca.RootWith(NameConstraintsDer.Extension(true, ["email:example.com"]));
        var result = await VerifyAsync(constrained);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\nstdout: {result.StdOut}\nstderr: {result.StdErr}");
    }

    private static X509Extension Extension(string name) => name switch
    {
        "truncated" => new X509Extension(X509Oids.NameConstraints, [0x30, 0x05, 0xA0, 0x03, 0x30], true),
        "dns-trailing-dot" => NameConstraintsDer.Extension(true, ["dns:example.com."]),
        "ip-five-octets" => NameConstraintsDer.Extension(true, ["iphex:0A000000FF"]),
        "maximum" => NameConstraintsDer.Extension(true, ["max:email:example.com"]),
        "empty" => NameConstraintsDer.Extension(true, []),
        "critical-directory-name" => NameConstraintsDer.Extension(true, ["dir:CN=Signet"]),
        "excluded" => NameConstraintsDer.Extension(false, null, ["email:example.com"]),
        "not-permitted" => NameConstraintsDer.Extension(true, ["email:example.org"]),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private async Task<SignetProcess.Result> VerifyAsync(X509Certificate2 trustedCa)
    {
        var request = new BundleRequest();
        var bundle = await _sigstore.IssueAsync(request);
        var artifact = Path.Combine(_dir, "artifact.txt");
        await File.WriteAllBytesAsync(artifact, request.Artifact);
        await File.WriteAllBytesAsync(artifact + ".sigstore.json", bundle.ToJson());
        var root = _sigstore.TrustedRoot with { CertificateAuthorities = [_sigstore.Ca.TrustedRootEntry with { CertChain = [trustedCa.RawData] }] };
        var rootPath = Path.Combine(_dir, "trusted_root.json");
        await File.WriteAllBytesAsync(rootPath, root.ToJson());
        return SignetProcess.Run(
            ["verify", artifact, "--bundle", artifact + ".sigstore.json", "--trusted-root", rootPath,
                "--certificate-identity", BundleRequest.DefaultIdentity, "--certificate-oidc-issuer", InMemoryIdentityToken.Issuer],
            _dir, null, null);
    }
}
