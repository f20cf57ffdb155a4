using System.CommandLine;
using System.Text;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Json;
using Signet.Core.Verification;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet verify</c>, <c>signet verify-attestation</c> and <c>signet verify-bundle</c> (the sigstore-conformance
/// CLI protocol). Exit 0 verified, 1 verification failed, 2 usage, 3 invalid input (ExitCodes.cs).
/// </summary>
internal static class VerifyCommands
{
    /// <summary><c>verify-bundle</c>'s failures are reported as <c>signet: …</c>, the form of the conformance protocol's first
    /// commands; every other command's as <c>signet COMMAND: …</c>.</summary>
    internal const string Name = "signet";

    public static Command CreateVerify(TimeProvider time)
    {
        var o = new VerifyOptions();
        var command = new Command("verify", "Verify a Sigstore bundle for an artifact (file or sha256:HEX) against an identity or a key, offline; or cosign's detached forms (--signature with --certificate or --key, an old cosign or Rekor bundle), looking the log entry up online when nothing carries it.");
        o.AddTo(command, legacy: true);
        o.DefaultBundleNextToArtifact(".sigstore.json");
        command.SetRunner(async (p, ct) =>
        {
            if (o.BundlePath(p) is { } path && !o.Legacy.AnyGiven(p)
                && Core.Bundles.Legacy.BundleFormats.Detect(CliFiles.Read(path, "bundle", Bundle.MaxSize)) == Core.Bundles.Legacy.BundleFormat.Sigstore
                && !p.GetValue(o.Legacy.InsecureIgnoreTlog))
            {
                return Run(p, o, TrustedRootSource.Load, p.GetValue(o.Json), predicateType: null, attestation: false);
            }

            var policy = o.Policy(p);
            var (bundle, detached) = SignatureInputs.Read(p, o);
            if (detached?.CertificateChain is not null && policy.PublicKey is not null)
            {
                throw new UsageException("--key verifies a key signature; this signature comes with a certificate");
            }

            var ignoreTlog = o.Legacy.IgnoreTlog(p, p.InvocationConfiguration.Error);
            var trust = ignoreTlog && policy.PublicKey is not null && p.GetValue(o.TrustedRoot) is null
                ? TrustedRootSource.KeyOnly
                : TrustedRootSource.Load(p.GetValue(o.TrustedRoot), p.InvocationConfiguration.Error);
            var options = ignoreTlog ? VerifierOptions.Default.WithoutTransparencyLogUnsafe().WithoutObserverTimestampsForKeysUnsafe() : VerifierOptions.Default;
            var verifier = new Verifier(trust, options);
            var artifact = VerifyOptions.LoadArtifact(p.GetRequiredValue(o.Artifact), p, bundle);
            var result = bundle is not null
                ? verifier.Verify(bundle, artifact, policy)
                : await SignatureInputs.VerifyDetachedAsync(p, o.Legacy, detached!, artifact, verifier, policy, ignoreTlog, time, ct).ConfigureAwait(false);
            p.InvocationConfiguration.Output.WriteLine(p.GetValue(o.Json) ? ResultJson.Success(result) : ResultText.Success(result));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Command CreateVerifyAttestation()
    {
        var o = new VerifyOptions();
        var type = new Option<string?>("--type") { Description = "Required in-toto predicate type: a URI, or one of cosign's names (slsaprovenance1, spdxjson, cyclonedx, openvex, vuln, link, custom, …)" };
        var command = new Command("verify-attestation", "Verify a DSSE/in-toto attestation bundle for an artifact and print the verified statement.");
        o.AddTo(command);
        o.DefaultBundleNextToArtifact(".intoto.sigstore.json");
        command.AddOptions(type, o.Rules);
        command.SetRunner(
            p => Run(p, o, TrustedRootSource.Load, p.GetValue(o.Json), p.GetValue(type) is { } t ? ImageCommands.PredicateType(t) : null, attestation: true));
        return command;
    }

    /// <summary>The sigstore-conformance protocol: <c>verify-bundle --bundle B (--key K | --certificate-identity I --certificate-oidc-issuer U) [--trusted-root T] FILE_OR_DIGEST</c>.</summary>
    public static Command CreateVerifyBundle()
    {
        var o = new VerifyOptions();
        var command = new Command("verify-bundle", "sigstore-conformance protocol: verify a bundle (exit 0 only when it verifies).");
        o.AddTo(command, withGitHubAndJson: false);
        o.TrustedRoot.Description = "Trusted root JSON (default: the embedded Sigstore public-good production root, as the protocol expects)";
        command.SetRunner(p => Run(p, o, (path, _) => TrustedRootSource.LoadForConformance(path), json: false, predicateType: null, attestation: false), Name);
        return command;
    }

    private static int Run(ParseResult p, VerifyOptions o, Func<string?, TextWriter, TrustedMaterial> trustedRoot, bool json, string? predicateType, bool attestation)
    {
        var output = p.InvocationConfiguration.Output;
        var policy = o.Policy(p);
        var rules = attestation ? o.LoadRules(p) : null;
        var trust = trustedRoot(p.GetValue(o.TrustedRoot), p.InvocationConfiguration.Error);
        var bundle = Bundle.Parse(CliFiles.Read(o.RequireBundlePath(p), "bundle", Bundle.MaxSize));
        var artifact = VerifyOptions.LoadArtifact(p.GetRequiredValue(o.Artifact), p, bundle);
        var result = new Verifier(trust, o.VerifierOptions(p)).Verify(bundle, artifact, policy);
        if (attestation)
        {
            var statement = result.Statement
                ?? throw new VerificationException(VerificationErrorCode.UnsupportedPayload, "the bundle carries a message signature, not an attestation");
            if (predicateType is not null && statement.PredicateType != predicateType)
            {
                throw new VerificationException(VerificationErrorCode.PredicateTypeMismatch, $"predicate type is '{statement.PredicateType}', not '{predicateType}'");
            }

            // --policy: every CEL rule must hold over the verified statement (a failure names the rule).
            rules?.Require(Policy.Rules.RuleInput.From(result, artifact));
        }

        if (json)
        {
            output.WriteLine(ResultJson.Success(result));
        }
        else
        {
            output.WriteLine(ResultText.Success(result));
            if (attestation)
            {
                output.WriteLine(Encoding.UTF8.GetString(result.Statement!.Payload));
            }
        }

        return ExitCodes.Success;
    }
}

/// <summary>Human-readable summary of a verification result.</summary>
internal static class ResultText
{
    public static string Success(VerificationResult r)
    {
        var sb = new StringBuilder($"Verified OK: signed by {Signer(r)}");
        foreach (var t in r.Timestamps)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n  time: {t.Time:yyyy-MM-ddTHH:mm:ssZ} ({(t.Source == TimestampSource.TimestampAuthority ? "RFC 3161 timestamp" : "log integrated time")})");
        }

        foreach (var e in r.LogEntries)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n  log: {e.LogBaseUrl} index {e.LogIndex} ({e.Kind} {e.Version})");
        }

        if (r.Statement is { } s)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n  predicate: {PrintableText.Escape(s.PredicateType)}");
        }

        return sb.ToString();
    }

    /// <summary>Who signed: the certificate's identity and issuer, or the public key (with the bundle's hint when it has one).</summary>
    public static string Signer(VerificationResult r) => r.Certificate is { } c
        ? $"{PrintableText.Escape(c.SubjectAlternativeName ?? "(no SAN)")} (issuer {PrintableText.Escape(c.Issuer ?? "(none)")})"
        : $"public key{(r.PublicKeyHint is null ? string.Empty : $" {PrintableText.Escape(r.PublicKeyHint)}")}";
}

/// <summary>The <c>--json</c> form of verification results and failures.</summary>
internal static class ResultJson
{
    public static string Success(VerificationResult r) => Write(w =>
    {
        w.WriteBoolean("verified", true);
        w.WriteString("mediaType", r.MediaType);
        if (r.Certificate is { } c)
        {
            w.WriteString("identity", c.SubjectAlternativeName);
            w.WriteString("issuer", c.Issuer);
            w.WriteStartObject("certificateExtensions");
            foreach (var (oid, value) in c.Extensions.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.WriteString(oid, value);
            }

            w.WriteEndObject();
        }
        else
        {
            w.WriteString("publicKeyHint", r.PublicKeyHint);
        }

        w.WriteObjectArray("timestamps", r.Timestamps, t =>
        {
            w.WriteString("source", t.Source == TimestampSource.TimestampAuthority ? "rfc3161" : "tlog");
            w.WriteString("time", t.Time);
            w.WriteString("authority", t.Authority);
        });
        w.WriteObjectArray("tlogEntries", r.LogEntries, e =>
        {
            w.WriteString("log", e.LogBaseUrl);
            w.WriteNumber("logIndex", e.LogIndex);
            w.WriteString("kind", e.Kind);
            w.WriteString("version", e.Version);
            w.WriteBoolean("inclusionProof", e.InclusionProofVerified);
            w.WriteBoolean("signedEntryTimestamp", e.SignedEntryTimestampVerified);
        });
        if (r.Statement is { } s)
        {
            w.WriteString("predicateType", s.PredicateType);
            w.WritePropertyName("statement");
            using var doc = JsonDocument.Parse(s.Payload);
            doc.RootElement.WriteTo(w);
        }
    });

    internal static string Write(Action<Utf8JsonWriter> body) => Encoding.UTF8.GetString(ProtobufJson.WriteObject(body));
}
