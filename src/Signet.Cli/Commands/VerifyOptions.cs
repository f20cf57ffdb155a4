using System.CommandLine;
using System.Security.Cryptography;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;

namespace Signet.Cli.Commands;

/// <summary>
/// The options shared by <c>verify</c>, <c>verify-attestation</c> and <c>verify-bundle</c>: bundle, trust root, and
/// the policy (cosign's flag names). Turns them into a verifier call; there is no default identity.
/// </summary>
internal sealed class VerifyOptions
{
    public Argument<string> Artifact { get; } = new("artifact") { Description = "The artifact file, or its digest as sha256:HEX" };

    public Option<string> Bundle { get; } = new("--bundle") { Description = "The Sigstore bundle (JSON)", Required = true };

    public Option<string?> TrustedRoot { get; } = new("--trusted-root") { Description = "Trusted root JSON, bypassing TUF (default: trusted_root.json of the TUF trust store, see signet trust)" };

    public Option<string?> Key { get; } = new("--key") { Description = "Verify with this PEM public key (or the public key of a pkcs11: URI's key) instead of a certificate identity" };

    public Option<string?> Identity { get; } = new("--certificate-identity") { Description = "Expected certificate SAN (exact)" };

    public Option<string?> IdentityRegexp { get; } = new("--certificate-identity-regexp") { Description = "Expected certificate SAN, as an RE2 regular expression like cosign's: matched anywhere unless anchored with ^…$, $ only at the end of the text, \\d \\w \\s ASCII; lookaround, backreferences and atomic/possessive forms are refused" };

    public Option<string?> Issuer { get; } = new("--certificate-oidc-issuer") { Description = "Expected OIDC issuer (exact)" };

    public Option<string?> IssuerRegexp { get; } = new("--certificate-oidc-issuer-regexp") { Description = "Expected OIDC issuer, as an RE2 regular expression (same rules as --certificate-identity-regexp)" };

    public Option<string?> WorkflowRepository { get; } = new("--certificate-github-workflow-repository") { Description = "Expected GitHub repository (owner/name)" };

    public Option<string?> WorkflowRef { get; } = new("--certificate-github-workflow-ref") { Description = "Expected GitHub ref" };

    public Option<string?> WorkflowSha { get; } = new("--certificate-github-workflow-sha") { Description = "Expected GitHub commit sha" };

    public Option<string?> WorkflowTrigger { get; } = new("--certificate-github-workflow-trigger") { Description = "Expected GitHub workflow trigger event" };

    public Option<string?> WorkflowName { get; } = new("--certificate-github-workflow-name") { Description = "Expected GitHub workflow name" };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable JSON output" };

    public Option<string?> Rules { get; } = new("--policy") { Description = "CEL rules the verified statement must satisfy (YAML: rules: [{name, cel}])" };

    /// <summary>The <c>--policy</c> rules file, compiled (before any verification, so a bad file is invalid input).</summary>
    public Signet.Policy.Rules.AttestationRules? LoadRules(ParseResult p) => p.GetValue(Rules) is { } path
        ? Signet.Policy.Rules.AttestationRules.Parse(System.Text.Encoding.UTF8.GetString(CliFiles.Read(path, "policy", Signet.Policy.Policies.ClusterImagePolicy.MaxFileBytes)))
        : null;
    public Option<string[]> WitnessKey { get; } = WitnessOptions.Key();

    public Option<int?> WitnessQuorum { get; } = WitnessOptions.Quorum();

    /// <summary>cosign's detached forms (<c>verify</c> only): <see cref="LegacyVerifyOptions"/>.</summary>
    public LegacyVerifyOptions Legacy { get; } = new();

    /// <summary>Adds the options; <paramref name="legacy"/> adds cosign's detached forms and makes <c>--bundle</c> optional (<c>verify</c>).</summary>
    public void AddTo(Command command, bool withGitHubAndJson = true, bool legacy = false)
    {
        if (legacy)
        {
            Bundle.Required = false;
            Bundle.Description = "The Sigstore bundle (JSON), cosign's old bundle (base64Signature, cert, rekorBundle) or a Rekor bundle (SignedEntryTimestamp, Payload)";
            Legacy.AddTo(command);
        }

        command.Add(Artifact);
        command.AddOptions(Bundle, TrustedRoot, Key, Identity, IdentityRegexp, Issuer, IssuerRegexp, WitnessKey, WitnessQuorum);
        if (withGitHubAndJson)
        {
            command.AddOptions(WorkflowRepository, WorkflowRef, WorkflowSha, WorkflowTrigger, WorkflowName, Json);
        }
    }

    /// <summary>
    /// Adds the policy flags alone (key, identity, issuer, GitHub workflow) and <c>--trusted-root</c>, for commands that
    /// verify what they find themselves (<c>nuget verify</c>, <c>pypi verify</c>, <c>npm verify</c>).
    /// </summary>
    public void AddPolicyTo(Command command, bool withKey = true)
    {
        command.Add(TrustedRoot);
        if (withKey)
        {
            command.Add(Key);
        }

        command.AddOptions(Identity, IdentityRegexp, Issuer, IssuerRegexp, WorkflowRepository, WorkflowRef, WorkflowSha, WorkflowTrigger, WorkflowName, Json);
    }

    /// <summary>
    /// Where the bundle is looked for without <c>--bundle</c> (<c>verify</c>: <c>.sigstore.json</c>,
    /// <c>verify-attestation</c>: <c>.intoto.sigstore.json</c>, the names <c>signet sign</c> and <c>signet attest</c>
    /// write, as sigstore-python's <c>verify</c> looks for <c>FILE.sigstore.json</c>); null: <c>--bundle</c> is required.
    /// </summary>
    public string? DefaultBundleSuffix { get; private set; }

    /// <summary>Makes <c>--bundle</c> optional: without it, the artifact's file name with <paramref name="suffix"/> is read.</summary>
    public void DefaultBundleNextToArtifact(string suffix)
    {
        DefaultBundleSuffix = suffix;
        Bundle.Required = false;
        Bundle.Description += $" (default: ARTIFACT{suffix}, when the artifact is a file and no detached signature is given)";
    }

    /// <summary>
    /// <c>--bundle</c>, or the bundle next to the artifact file (<see cref="DefaultBundleSuffix"/>) when that file
    /// exists and no detached signature (<c>--signature</c>, <c>--certificate</c>) was given; else null.
    /// </summary>
    public string? BundlePath(ParseResult p)
    {
        if (p.GetValue(Bundle) is { } given)
        {
            return given;
        }

        return !Legacy.AnyGiven(p) && DefaultBundleFor(p.GetValue(Artifact)) is { } path && File.Exists(path)
            ? path
            : null;
    }

    /// <summary>
    /// <c>--bundle</c> or the bundle next to the artifact, or a <see cref="UsageException"/> saying what was looked for.
    /// </summary>
    public string RequireBundlePath(ParseResult p, string orElse = "") => BundlePath(p)
        ?? throw new UsageException(!Legacy.AnyGiven(p) && DefaultBundleFor(p.GetValue(Artifact)) is { } looked
            ? $"give --bundle{orElse} (no bundle at {looked}, where signet writes it by default)"
            : $"give --bundle{orElse}");

    private string? DefaultBundleFor(string? artifact) =>
        DefaultBundleSuffix is { } suffix && !string.IsNullOrEmpty(artifact) && !IsDigestForm(artifact)
            ? artifact + suffix
            : null;

    /// <summary>Whether any identity flag was given (commands where the identity may come from elsewhere).</summary>
    public bool IdentityGiven(ParseResult p) =>
        p.GetValue(Identity) is not null || p.GetValue(IdentityRegexp) is not null || p.GetValue(Issuer) is not null || p.GetValue(IssuerRegexp) is not null;

    /// <summary>The verifier's options: the defaults, with the witness quorum each log entry's checkpoint must meet.</summary>
    public VerifierOptions VerifierOptions(ParseResult p) =>
        Core.Verification.VerifierOptions.Default with { Witnesses = WitnessOptions.Policy(p, WitnessKey, WitnessQuorum) };

    /// <summary>The policy the flags describe, or a <see cref="UsageException"/> when they are contradictory or incomplete.</summary>
    public VerificationPolicy Policy(ParseResult p)
    {
        var key = p.GetValue(Key);
        var identity = p.GetValue(Identity);
        var identityRe = p.GetValue(IdentityRegexp);
        var issuer = p.GetValue(Issuer);
        var issuerRe = p.GetValue(IssuerRegexp);
        if (key is not null)
        {
            if (identity is not null || identityRe is not null || issuer is not null || issuerRe is not null)
            {
                throw new UsageException("--key cannot be combined with certificate identity flags");
            }

            if (KeyReference.PublicKeyInModule(key) is { } inModule)
            {
                return VerificationPolicy.ForPublicKey(inModule);
            }

            var pem = System.Text.Encoding.UTF8.GetString(CliFiles.Read(key, "public key", 1024 * 1024));
            return VerificationPolicy.ForPublicKey(VerificationKey.FromPem(pem));
        }

        if ((identity is null) == (identityRe is null))
        {
            throw new UsageException("exactly one of --certificate-identity and --certificate-identity-regexp is required (or --key)");
        }

        if ((issuer is null) == (issuerRe is null))
        {
            throw new UsageException("exactly one of --certificate-oidc-issuer and --certificate-oidc-issuer-regexp is required (or --key)");
        }

        var san = identity is not null ? StringMatcher.Exact(identity) : StringMatcher.Regex(identityRe!);
        var iss = issuer is not null ? StringMatcher.Exact(issuer) : StringMatcher.Regex(issuerRe!);
        var gh = new GitHubWorkflowConstraints(
            p.GetValue(WorkflowRepository), p.GetValue(WorkflowRef), p.GetValue(WorkflowSha), p.GetValue(WorkflowTrigger), p.GetValue(WorkflowName));
        return VerificationPolicy.ForIdentity(new CertificateIdentity(san, iss)
        {
            GitHubWorkflow = gh == new GitHubWorkflowConstraints() ? null : gh,
        });
    }

    /// <summary>Whether the artifact argument is a digest (<c>sha256:HEX</c>, <c>sha384:</c>, <c>sha512:</c>) rather than a file.</summary>
    public static bool IsDigestForm(string value) =>
        value.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) || value.StartsWith("sha384:", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("sha512:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The most bytes of an artifact held in memory; a longer one is hashed as a stream.</summary>
    public const long MaxHeldArtifactBytes = 64 * 1024 * 1024;

    /// <summary>
    /// The artifact: <c>sha256:HEX</c> (the conformance protocol's digest form) or a file. One that ends within 64 MiB
    /// is held in memory; a longer one is hashed as a stream (SHA-256 and SHA-384, and SHA-512 for a bundle whose
    /// message digest is one or not given) — a regular file to its end, a pipe or device (<c>&lt;(curl …)</c>) up to 2 GiB, as
    /// <c>signet sign</c> reads them (<see cref="Client.LocalFile.ReadOrHash(FileStream, string, long, IReadOnlyList{HashAlgorithmName}, IProgress{long})"/>).
    /// </summary>
    /// <param name="value">The artifact argument.</param>
    /// <param name="parse">The command's parse result, for progress on a terminal; null for none.</param>
    /// <param name="bundle">The bundle to verify: a long file is also hashed with SHA-512 when its message digest is
    /// one (P-521 and Ed25519 keys sign SHA-512 digests) or the message signature has no digest hint.</param>
    public static Artifact LoadArtifact(string value, ParseResult? parse = null, Bundle? bundle = null)
    {
        if (IsDigestForm(value))
        {
            return Core.Verification.Artifact.FromDigestString(value);
        }

        using var file = Client.LocalFile.Open(value, "artifact");
        var size = file.CanSeek ? file.Length : 0;
        // A message signature's digest hint names its hash; without the hint, every hash a key may sign is computed.
        HashAlgorithmName[] digests = bundle?.MessageSignature is { } ms && ms.MessageDigest?.Algorithm is null or "SHA2_512"
            ? [HashAlgorithmName.SHA256, HashAlgorithmName.SHA384, HashAlgorithmName.SHA512]
            : [HashAlgorithmName.SHA256, HashAlgorithmName.SHA384];
        // A large file shows its progress on a terminal (TerminalProgress) when the command's parse result is given.
        var read = parse is null
            ? Client.LocalFile.ReadOrHash(file, "artifact", MaxHeldArtifactBytes, digests, null)
            : TerminalProgress.Run(parse, (size <= MaxHeldArtifactBytes ? "reading " : "hashing ") + Path.GetFileName(value), size,
                p => Client.LocalFile.ReadOrHash(file, "artifact", MaxHeldArtifactBytes, digests, p));
        return read.Bytes is { } bytes ? Core.Verification.Artifact.FromBytes(bytes) : Core.Verification.Artifact.FromDigests(read.Digests!);
    }
}
