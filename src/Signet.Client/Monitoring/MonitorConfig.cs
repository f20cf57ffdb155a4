using System.Globalization;
using System.Text.RegularExpressions;
using Signet.Core;
using Signet.Core.Certificates;
using Signet.Core.Verification;
using Signet.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Signet.Client.Monitoring;

/// <summary>A certificate identity to watch for: a subject (SAN or subject name) and, optionally, the issuers it must
/// come from; all regular expressions (rekor-monitor <c>certIdentities</c>).</summary>
/// <param name="Subject">Matched against the certificate's SANs and subject name.</param>
/// <param name="Issuers">Matched against its OIDC issuer (Fulcio's extension) or issuer name; empty: any issuer.</param>
public sealed record MonitoredCertificateIdentity(Regex Subject, IReadOnlyList<Regex> Issuers);

/// <summary>A certificate extension whose value is watched for (rekor-monitor <c>oidMatchers</c>): exact values.</summary>
/// <param name="Oid">The extension's OID, dotted.</param>
/// <param name="Values">The values that match.</param>
public sealed record MonitoredExtension(string Oid, IReadOnlyList<string> Values);

/// <summary>
/// What <c>signet log monitor</c> watches for, in rekor-monitor's configuration format (README "Configuration file
/// format"): <c>startIndex</c>, <c>endIndex</c>, <c>monitoredValues</c> (<c>certIdentities</c>, <c>subjects</c>,
/// <c>fingerprints</c>, <c>oidMatchers</c> with <c>fulcioExtensions</c>, <c>oidExtensions</c>, <c>customExtensions</c>),
/// <c>outputIdentities</c>, <c>outputIdentitiesFormat</c>, <c>logInfoFile</c>, <c>identityMetadataFile</c>. Keys
/// inside <c>monitoredValues</c> are checked strictly (a misspelt matcher would watch for nothing); other top-level
/// sections (rekor-monitor's notification settings such as <c>githubIssue</c>) are accepted and not used.
/// </summary>
public sealed record MonitorConfig
{
    /// <summary>The largest configuration accepted.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The first index searched on a first run (default: the log's size then, so only new entries).</summary>
    public ulong? StartIndex { get; init; }

    /// <summary>The last index searched (inclusive), if any.</summary>
    public ulong? EndIndex { get; init; }

    /// <summary>Certificate identities.</summary>
    public IReadOnlyList<MonitoredCertificateIdentity> CertificateIdentities { get; init; } = [];

    /// <summary>Subjects of any key material (regular expressions).</summary>
    public IReadOnlyList<Regex> Subjects { get; init; } = [];

    /// <summary>SHA-256 fingerprints (lowercase hex) of certificates or public keys (DER).</summary>
    public IReadOnlyList<string> Fingerprints { get; init; } = [];

    /// <summary>Certificate extensions and their values.</summary>
    public IReadOnlyList<MonitoredExtension> Extensions { get; init; } = [];

    /// <summary>rekor-monitor's file for found identities, if set.</summary>
    public string? OutputIdentities { get; init; }

    /// <summary><c>text</c> or <c>json</c>, if set.</summary>
    public string? OutputIdentitiesFormat { get; init; }

    /// <summary>rekor-monitor's file for the last checkpoint, if set.</summary>
    public string? LogInfoFile { get; init; }

    /// <summary>rekor-monitor's identity metadata file, if set.</summary>
    public string? IdentityMetadataFile { get; init; }

    /// <summary>Whether anything is watched for (otherwise entries need not be read at all).</summary>
    public bool WatchesIdentities => CertificateIdentities.Count + Subjects.Count + Fingerprints.Count + Extensions.Count > 0;

    /// <summary>Parses a configuration; malformed YAML or values are a <see cref="SignetFormatException"/>.</summary>
    /// <param name="yaml">The file's text.</param>
    public static MonitorConfig Parse(string yaml)
    {
        var stream = YamlText.Load(yaml, "monitor config", MaxBytes);

        if (stream.Documents.Count == 0)
        {
            return new MonitorConfig();
        }

        if (stream.Documents.Count > 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SignetFormatException("monitor config: expected one document holding a mapping");
        }

        var config = new MonitorConfig
        {
            StartIndex = Index(root, "startIndex"),
            EndIndex = Index(root, "endIndex"),
            OutputIdentities = Text(root, "outputIdentities"),
            OutputIdentitiesFormat = Text(root, "outputIdentitiesFormat"),
            LogInfoFile = Text(root, "logInfoFile"),
            IdentityMetadataFile = Text(root, "identityMetadataFile"),
        };
        if (config.OutputIdentitiesFormat is not (null or "text" or "json"))
        {
            throw new SignetFormatException($"monitor config: outputIdentitiesFormat '{config.OutputIdentitiesFormat}' is not text or json");
        }

        if (config.StartIndex > config.EndIndex)
        {
            throw new SignetFormatException($"monitor config: startIndex {config.StartIndex} is after endIndex {config.EndIndex}");
        }

        return Get(root, "monitoredValues") is { } values ? WithValues(config, Mapping(values, "monitoredValues")) : config;
    }

    private static MonitorConfig WithValues(MonitorConfig config, YamlMappingNode values)
    {
        Strict(values, "monitoredValues", "certIdentities", "subjects", "fingerprints", "oidMatchers");
        var identities = new List<MonitoredCertificateIdentity>();
        foreach (var (node, i) in Items(values, "certIdentities"))
        {
            var what = $"monitoredValues.certIdentities[{i}]";
            var identity = Mapping(node, what);
            Strict(identity, what, "certSubject", "issuers");
            var subject = Text(identity, "certSubject") ?? throw new SignetFormatException($"monitor config: {what}: certSubject is required");
            identities.Add(new MonitoredCertificateIdentity(Pattern(subject, what + ".certSubject"),
                Items(identity, "issuers").Select(x => Pattern(Scalar(x.Node, $"{what}.issuers[{x.Index}]"), $"{what}.issuers[{x.Index}]")).ToList()));
        }

        var extensions = new List<MonitoredExtension>();
        if (Get(values, "oidMatchers") is { } matchersNode)
        {
            var matchers = Mapping(matchersNode, "monitoredValues.oidMatchers");
            Strict(matchers, "monitoredValues.oidMatchers", "fulcioExtensions", "oidExtensions", "customExtensions");
            if (Get(matchers, "fulcioExtensions") is { } fulcio)
            {
                foreach (var (key, list) in Mapping(fulcio, "oidMatchers.fulcioExtensions").Children)
                {
                    var name = Scalar(key, "oidMatchers.fulcioExtensions key");
                    var oid = FulcioExtensionNames.GetValueOrDefault(name)
                        ?? throw new SignetFormatException($"monitor config: oidMatchers.fulcioExtensions: unknown Fulcio extension '{name}'");
                    extensions.Add(new MonitoredExtension(oid, Strings(list, $"oidMatchers.fulcioExtensions.{name}")));
                }
            }

            foreach (var section in new[] { "oidExtensions", "customExtensions" })
            {
                foreach (var (node, i) in Items(matchers, section))
                {
                    var what = $"oidMatchers.{section}[{i}]";
                    var m = Mapping(node, what);
                    Strict(m, what, "objectIdentifier", "extensionValues");
                    var oidNode = Get(m, "objectIdentifier") ?? throw new SignetFormatException($"monitor config: {what}: objectIdentifier is required");
                    var oid = oidNode is YamlSequenceNode arcs
                        ? string.Join('.', arcs.Select((a, n) => ulong.TryParse(Scalar(a, what), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v.ToString(CultureInfo.InvariantCulture) : throw new SignetFormatException($"monitor config: {what}: OID arc {n + 1} is not a number")))
                        : Scalar(oidNode, what + ".objectIdentifier");
                    if (!System.Text.RegularExpressions.Regex.IsMatch(oid, @"^[0-2](\.[0-9]+)+$"))
                    {
                        throw new SignetFormatException($"monitor config: {what}: '{oid}' is not a dotted OID");
                    }

                    extensions.Add(new MonitoredExtension(oid, Get(m, "extensionValues") is { } v ? Strings(v, what + ".extensionValues") : []));
                }
            }
        }

        return config with
        {
            CertificateIdentities = identities,
            Subjects = Items(values, "subjects").Select(x => Pattern(Scalar(x.Node, $"subjects[{x.Index}]"), $"subjects[{x.Index}]")).ToList(),
            Fingerprints = Items(values, "fingerprints").Select(x => NormalizeFingerprint(Scalar(x.Node, $"fingerprints[{x.Index}]"))).ToList(),
            Extensions = extensions,
        };
    }

    /// <summary>Fingerprints compare as lowercase hex without an algorithm prefix (<c>sha256:</c> is allowed).</summary>
    /// <param name="value">A fingerprint as written.</param>
    public static string NormalizeFingerprint(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var v = value.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? value[7..] : value;
        return v.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant();
    }

    // Fulcio's extension names (fulcio pkg/certificate/extensions.go yaml tags), by OID (docs/oid-info.md).
    private static readonly Dictionary<string, string> FulcioExtensionNames = new(StringComparer.Ordinal)
    {
        ["issuer"] = FulcioOids.IssuerV1,
        ["github-workflow-trigger"] = FulcioOids.GitHubWorkflowTrigger,
        ["github-workflow-sha"] = FulcioOids.GitHubWorkflowSha,
        ["github-workflow-name"] = FulcioOids.GitHubWorkflowName,
        ["github-workflow-repository"] = FulcioOids.GitHubWorkflowRepository,
        ["github-workflow-ref"] = FulcioOids.GitHubWorkflowRef,
        ["issuer-v2"] = FulcioOids.Issuer,
        ["build-signer-uri"] = FulcioOids.BuildSignerUri,
        ["build-signer-digest"] = FulcioOids.BuildSignerDigest,
        ["runner-environment"] = FulcioOids.RunnerEnvironment,
        ["source-repository-uri"] = FulcioOids.SourceRepositoryUri,
        ["source-repository-digest"] = FulcioOids.SourceRepositoryDigest,
        ["source-repository-ref"] = FulcioOids.SourceRepositoryRef,
        ["source-repository-identifier"] = FulcioOids.SourceRepositoryIdentifier,
        ["source-repository-owner-uri"] = FulcioOids.SourceRepositoryOwnerUri,
        ["source-repository-owner-identifier"] = FulcioOids.SourceRepositoryOwnerIdentifier,
        ["build-config-uri"] = FulcioOids.BuildConfigUri,
        ["build-config-digest"] = FulcioOids.BuildConfigDigest,
        ["build-trigger"] = FulcioOids.BuildTrigger,
        ["run-invocation-uri"] = FulcioOids.RunInvocationUri,
        ["source-repository-visibility-at-signing"] = FulcioOids.SourceRepositoryVisibilityAtSigning,
    };

    private static Regex Pattern(string pattern, string what)
    {
        try
        {
            // rekor-monitor matches with Go's regexp.MatchString: RE2, anywhere in the value unless anchored.
            return Re2Pattern.Compile(pattern);
        }
        catch (SignetFormatException e)
        {
            throw new SignetFormatException($"monitor config: {what}: not a regular expression ({e.Message})", e);
        }
    }

    private static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && !(v is YamlScalarNode { Value: null or "" or "~" or "null" } s && s.Style == ScalarStyle.Plain) ? v : null;

    private static string? Text(YamlMappingNode map, string key) => Get(map, key) is { } v ? Scalar(v, key) : null;

    private static ulong? Index(YamlMappingNode map, string key) =>
        Text(map, key) is { } t
            ? ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw new SignetFormatException($"monitor config: {key} '{t}' is not a non-negative integer")
            : null;

    private static string Scalar(YamlNode node, string what) =>
        node is YamlScalarNode { Value: { } v } ? v : throw new SignetFormatException($"monitor config: {what} is not a single value");

    private static YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw new SignetFormatException($"monitor config: {what} is not a mapping");

    private static IEnumerable<(YamlNode Node, int Index)> Items(YamlMappingNode map, string key) => Get(map, key) switch
    {
        null => [],
        YamlSequenceNode seq => seq.Children.Select((n, i) => (n, i)),
        _ => throw new SignetFormatException($"monitor config: {key} is not a list"),
    };

    private static List<string> Strings(YamlNode node, string what) => node is YamlSequenceNode seq
        ? seq.Children.Select((n, i) => Scalar(n, $"{what}[{i}]")).ToList()
        : throw new SignetFormatException($"monitor config: {what} is not a list");

    private static void Strict(YamlMappingNode map, string what, params string[] known)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (name is null || !known.Contains(name, StringComparer.Ordinal))
            {
                throw new SignetFormatException($"monitor config: {what}: unknown key '{name}' (known: {string.Join(", ", known)})");
            }
        }
    }
}
