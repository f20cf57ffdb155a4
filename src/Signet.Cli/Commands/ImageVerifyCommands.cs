using System.CommandLine;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Json;
using Signet.Core.Verification;
using Signet.Oci;
using Signet.Oci.Signatures;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet image verify REF</c> and <c>signet image verify-attestation REF --type T</c>: read both layouts, verify
/// every attached signature with the bundle verifier under the given policy (identity or <c>--key</c>), print each one
/// that verified; exit 1 when none did.
/// </summary>
internal static class ImageVerifyCommands
{
    public static IEnumerable<Command> Create(TimeProvider time)
    {
        yield return Build("verify", "Verify the signatures attached to an image (both layouts)", attestation: false, time);
        yield return Build("verify-attestation", "Verify the attestations of one predicate type attached to an image (both layouts)", attestation: true, time);
    }

    private static Command Build(string name, string description, bool attestation, TimeProvider time)
    {
        var registry = new ImageRegistryOptions();
        var policy = new VerifyOptions();
        var ignoreTlog = new Option<bool>("--insecure-ignore-tlog")
        {
            Description = "Accept signatures without a transparency log entry (images signed with --tlog-upload=false); insecure, prints a warning",
        };
        var storage = new Option<string>("--storage") { Description = "Which layouts to read: both, bundle or legacy", DefaultValueFactory = _ => "both" };
        var type = ImageCommands.PredicateTypeOption();
        var command = new Command(name, description)
        {
            policy.TrustedRoot, policy.Key, policy.Identity, policy.IdentityRegexp, policy.Issuer, policy.IssuerRegexp,
            policy.WorkflowRepository, policy.WorkflowRef, policy.WorkflowSha, policy.WorkflowTrigger, policy.WorkflowName, policy.Json,
            policy.WitnessKey, policy.WitnessQuorum, ignoreTlog, storage,
        };
        if (attestation)
        {
            command.AddOptions(type, policy.Rules);
        }

        registry.AddTo(command);
        command.SetRunner(async (p, ct) =>
        {
            var verificationPolicy = policy.Policy(p);
            var rules = attestation ? policy.LoadRules(p) : null;
            var layouts = p.GetValue(storage) switch
            {
                "both" => SignatureLayouts.Both,
                "bundle" => SignatureLayouts.Bundle,
                "legacy" => SignatureLayouts.Legacy,
                var s => throw new UsageException($"--storage {s}: expected both, bundle or legacy"),
            };
            var options = policy.VerifierOptions(p);
            if (p.GetValue(ignoreTlog))
            {
                // cosign --insecure-ignore-tlog: never silently. A key has no validity window, so a key-signed image
                // without a log entry has no verified time either; a certificate still needs one (a TSA timestamp).
                options = options.WithoutTransparencyLogUnsafe().WithoutObserverTimestampsForKeysUnsafe();
                await Console.Error.WriteLineAsync(
                    "signet: WARNING: --insecure-ignore-tlog: signatures without a transparency log entry are accepted; nothing shows when they were made or that they were made in public")
                    .ConfigureAwait(false);
            }

            // A key and no log: the key is all there is to trust, so no trust root is fetched (TrustedRootSource.KeyOnly).
            var trust = p.GetValue(policy.TrustedRoot) is null && p.GetValue(policy.Key) is not null && p.GetValue(ignoreTlog)
                ? TrustedRootSource.KeyOnly
                : TrustedRootSource.Load(p.GetValue(policy.TrustedRoot), Console.Error);
            var verifier = new Verifier(trust, options);
            var predicateType = attestation ? ImageCommands.PredicateType(p.GetValue(type)!) : null;
            var reference = registry.Reference(p);
            using var client = registry.Client(p, reference, time);
            var target = await registry.ResolveAsync(p, client, reference, ct).ConfigureAwait(false);
            var result = await ImageVerifier.VerifyAsync(client, reference, target.Digest, verifier, verificationPolicy, predicateType, layouts, ct)
                .ConfigureAwait(false);
            if (rules is not null)
            {
                result = ApplyRules(result, rules);
            }

            Print(p.GetValue(policy.Json), reference.WithDigest(target.Digest), result);
            if (result.Verified.Count > 0)
            {
                return ExitCodes.Success;
            }

            var why = result.Rejected.Count == 0
                ? $"nothing is attached to {reference.WithDigest(target.Digest)}" + (attestation ? $" as {predicateType}" : "")
                : string.Join("; ", result.Rejected.Take(3).Select(r => $"{r.Source}: {r.Reason}"))
                    + (result.Rejected.Count > 3 ? $"; and {result.Rejected.Count - 3} more" : "");
            await Console.Error.WriteLineAsync($"signet image {name}: no {(attestation ? "attestation" : "signature")} verified: {why}").ConfigureAwait(false);
            return ExitCodes.VerificationFailed;
        });
        return command;
    }

    /// <summary>--policy: an attestation counts only when every rule holds over its statement; the others move to rejected, naming the rule.</summary>
    private static ImageVerification ApplyRules(ImageVerification result, Policy.Rules.AttestationRules rules)
    {
        var image = Artifact.FromDigest(
            result.Digest.Algorithm == "sha512" ? System.Security.Cryptography.HashAlgorithmName.SHA512 : System.Security.Cryptography.HashAlgorithmName.SHA256,
            result.Digest.ToBytes());
        var verified = new List<VerifiedImageSignature>();
        var rejected = new List<DiscoveryFailure>(result.Rejected);
        foreach (var v in result.Verified)
        {
            try
            {
                rules.Require(Policy.Rules.RuleInput.From(v.Result, image));
                verified.Add(v);
            }
            catch (VerificationException e)
            {
                rejected.Add(new DiscoveryFailure(v.Source, $"{e.Step}: {e.Message}"));
            }
        }

        return result with { Verified = verified, Rejected = rejected };
    }

    private static void Print(bool json, ImageReference image, ImageVerification result)
    {
        if (json)
        {
            using var stdout = Console.OpenStandardOutput();
            using var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("image", image.ToString());
            w.WriteString("digest", result.Digest.ToString());
            w.WriteObjectArray("verified", result.Verified, v =>
            {
                w.WriteString("layout", v.Layout);
                w.WriteString("source", v.Source);
                w.WriteString("identity", v.Result.Certificate?.SubjectAlternativeName);
                w.WriteString("issuer", v.Result.Certificate?.Issuer);
                w.WriteString("predicateType", v.Result.Statement?.PredicateType);
                w.WriteBoolean("keySigned", v.Result.Certificate is null);
                w.WriteStartArray("logIndexes");
                foreach (var e in v.Result.LogEntries)
                {
                    w.WriteNumberValue(e.LogIndex);
                }

                w.WriteEndArray();
                w.WriteStringArray("timestamps", v.Result.Timestamps.Select(t => $"{t.Time:O} ({t.Source}, {t.Authority})"));
            });
            w.WriteObjectArray("rejected", result.Rejected, r =>
            {
                w.WriteString("source", r.Source);
                w.WriteString("reason", r.Reason);
            });
            w.WriteEndObject();
            w.Flush();
            stdout.WriteByte((byte)'\n');
            return;
        }

        foreach (var v in result.Verified)
        {
            var who = v.Result.Certificate is { } c ? $"{PrintableText.Escape(c.SubjectAlternativeName)} (issuer {PrintableText.Escape(c.Issuer)})" : "the given key";
            var when = v.Result.Timestamps.Count > 0 ? $", signed {v.Result.Timestamps[0].Time:u}" : "";
            var logs = v.Result.LogEntries.Count > 0 ? $", log index {v.Result.LogEntries[0].LogIndex}" : ", no transparency log entry";
            Console.Out.WriteLine($"verified {image} [{v.Layout}] {v.Source}: signed by {who}{when}{logs}");
        }

        foreach (var r in result.Rejected)
        {
            Console.Out.WriteLine($"rejected {r.Source}: {PrintableText.Escape(r.Reason)}");
        }
    }
}
