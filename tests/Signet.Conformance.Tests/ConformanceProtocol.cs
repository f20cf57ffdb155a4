using System.Security.Cryptography;

namespace Signet.Conformance.Tests;

/// <summary>
/// The sigstore-conformance verify protocol (test/client.py, MANIFEST.md): for each case, the command line
/// <c>verify-bundle --bundle B (--key K | --certificate-identity I --certificate-oidc-issuer U) [--trusted-root T] FILE_OR_DIGEST</c>,
/// run once with the artifact path and once with <c>sha256:HEX</c>.
/// </summary>
public static class ConformanceProtocol
{
    public const string DefaultIdentity = "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    public const string DefaultIssuer = "https://token.actions.githubusercontent.com";

    public static string[] Arguments(string name, bool useDigest)
    {
        var dir = ConformanceCases.Dir(name);
        var args = new List<string> { "verify-bundle", "--bundle", Path.Combine(dir, "bundle.sigstore.json") };
        var key = Path.Combine(dir, "key.pub");
        if (File.Exists(key))
        {
            args.AddRange(["--key", key]);
        }
        else
        {
            args.AddRange(["--certificate-identity", ReadOr(Path.Combine(dir, "identity"), DefaultIdentity)]);
            args.AddRange(["--certificate-oidc-issuer", ReadOr(Path.Combine(dir, "issuer"), DefaultIssuer)]);
        }

        var root = Path.Combine(dir, "trusted_root.json");
        if (File.Exists(root))
        {
            args.AddRange(["--trusted-root", root]);
        }

        var artifact = Path.Combine(dir, "artifact");
        if (!File.Exists(artifact))
        {
            artifact = Path.Combine(ConformanceCases.Root, "a.txt");
        }

        args.Add(useDigest ? "sha256:" + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(artifact))).ToLowerInvariant() : artifact);
        return args.ToArray();
    }

    private static string ReadOr(string path, string fallback) => File.Exists(path) ? File.ReadAllText(path).Trim() : fallback;

    public static IEnumerable<object[]> Runs()
        => ConformanceCases.Names.SelectMany(n => new[] { new object[] { n, false }, new object[] { n, true } });
}
