using Signet.Yaml;
using Signet.Core;
using Signet.Core.Verification;
using YamlDotNet.RepresentationModel;

namespace Signet.Packages.NuGet;

/// <summary>
/// <c>signet-packages.yml</c>: which restored packages must carry Sigstore bundles, and who must have signed them.
/// Rules are tried in order; the first whose <c>id</c> glob (<c>*</c> and <c>?</c>, case-insensitive as NuGet ids are)
/// matches a package applies. Packages no rule names are not checked.
/// <code>
/// trusted-root: trusted_root.json        # optional, relative to this file; default: the Sigstore public-good root
/// packages:
///   - id: OpenTelemetry*
///     identity: https://github.com/open-telemetry/opentelemetry-dotnet/.github/workflows/publish-packages-1.0.yml@refs/tags/core-1.21.0
///     issuer: https://token.actions.githubusercontent.com
///     require-all: true                  # every DLL must carry a verified bundle
/// </code>
/// <c>identity-regexp</c> and <c>issuer-regexp</c> take regular expressions instead.
/// </summary>
public sealed record PackagePolicy(string? TrustedRootPath, IReadOnlyList<PackageRule> Rules)
{
    /// <summary>The policy file's name, looked for from the project directory upwards.</summary>
    public const string FileName = "signet-packages.yml";

    /// <summary>The largest policy file read (1 MiB) and the most rules (1,000).</summary>
    public const int MaxBytes = 1 << 20;

    private const int MaxRules = 1000;

    private static readonly HashSet<string> RuleKeys = new(StringComparer.Ordinal) { "id", "identity", "identity-regexp", "issuer", "issuer-regexp", "require-all" };

    /// <summary>The first rule whose glob matches <paramref name="packageId"/>, or null.</summary>
    public PackageRule? RuleFor(string packageId) => Rules.FirstOrDefault(r => r.Matches(packageId));

    /// <summary>Reads a policy file's text.</summary>
    /// <param name="yaml">The file's content.</param>
    /// <param name="file">The file's path (relative paths in it are resolved against its folder).</param>
    /// <exception cref="SignetFormatException">The file is not a valid policy; the message names the line.</exception>
    public static PackagePolicy Parse(string yaml, string file)
    {
        var stream = YamlText.Load(yaml, file, MaxBytes);

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SignetFormatException($"{file}: expected one YAML mapping with 'packages'");
        }

        string? trustedRoot = null;
        IReadOnlyList<PackageRule>? rules = null;
        foreach (var (key, value) in root.Children)
        {
            switch (Scalar(key, file))
            {
                case "trusted-root":
                    trustedRoot = FilePath(value, file);
                    break;
                case "packages":
                    rules = ReadRules(value, file);
                    break;
                case var other:
                    throw new SignetFormatException($"{file}:{key.Start.Line}: unknown key '{other}' (expected trusted-root, packages)");
            }
        }

        return new PackagePolicy(trustedRoot, rules ?? throw new SignetFormatException($"{file}: no 'packages' list"));
    }

    private static List<PackageRule> ReadRules(YamlNode node, string file)
    {
        if (node is not YamlSequenceNode list)
        {
            throw new SignetFormatException($"{file}:{node.Start.Line}: 'packages' must be a list of rules");
        }

        if (list.Children.Count > MaxRules)
        {
            throw new SignetFormatException($"{file}: more than {MaxRules} rules");
        }

        return list.Children.Select(item => ReadRule(item, file)).ToList();
    }

    private static PackageRule ReadRule(YamlNode node, string file)
    {
        var line = node.Start.Line;
        if (node is not YamlMappingNode map)
        {
            throw new SignetFormatException($"{file}:{line}: a rule is a mapping with id, identity and issuer");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var key = Scalar(k, file);
            if (!RuleKeys.Contains(key))
            {
                throw new SignetFormatException($"{file}:{k.Start.Line}: unknown key '{key}' (expected {string.Join(", ", RuleKeys)})");
            }

            values[key] = Scalar(v, file);
        }

        var id = values.GetValueOrDefault("id") ?? throw new SignetFormatException($"{file}:{line}: a rule needs an 'id' glob");
        string? Get(string k) => values.GetValueOrDefault(k);
        if ((Get("identity") is null) == (Get("identity-regexp") is null) || (Get("issuer") is null) == (Get("issuer-regexp") is null))
        {
            throw new SignetFormatException($"{file}:{line}: rule '{id}' needs exactly one of identity and identity-regexp, and one of issuer and issuer-regexp");
        }

        var requireAll = Get("require-all") switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw new SignetFormatException($"{file}:{line}: require-all must be true or false, not '{other}'"),
        };
        try
        {
            var san = Get("identity") is { } exact ? StringMatcher.Exact(exact) : StringMatcher.Regex(Get("identity-regexp")!);
            var issuer = Get("issuer") is { } exactIssuer ? StringMatcher.Exact(exactIssuer) : StringMatcher.Regex(Get("issuer-regexp")!);
            return new PackageRule(id, VerificationPolicy.ForIdentity(new CertificateIdentity(san, issuer)), requireAll);
        }
        catch (ArgumentException e)
        {
            throw new SignetFormatException($"{file}:{line}: rule '{id}': {e.Message}", e);
        }
    }

    // A file path relative to the policy file's folder: not empty and without control characters (a NUL made
    // Path.GetFullPath throw ArgumentException — found by the fuzz harness "config").
    private static string FilePath(YamlNode node, string file)
    {
        var path = Scalar(node, file);
        if (path.Length == 0 || path.Any(char.IsControl))
        {
            throw new SignetFormatException($"{file}:{node.Start.Line}: trusted-root must name a file (no empty path, no control characters)");
        }

        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, path));
    }

    private static string Scalar(YamlNode node, string file) => node is YamlScalarNode { Value: { } v }
        ? v
        : throw new SignetFormatException($"{file}:{node.Start.Line}: expected a plain value");
}

/// <summary>One rule: the package-id glob, the identity policy, and whether every DLL must be signed.</summary>
public sealed record PackageRule(string IdGlob, VerificationPolicy Policy, bool RequireAll)
{
    /// <summary>Whether <paramref name="packageId"/> matches the glob (<c>*</c> any run, <c>?</c> one character, case-insensitive).</summary>
    public bool Matches(string packageId)
    {
        ArgumentNullException.ThrowIfNull(packageId);
        return ShellWildcard.IsMatch(IdGlob, packageId, ignoreCase: true);
    }
}
