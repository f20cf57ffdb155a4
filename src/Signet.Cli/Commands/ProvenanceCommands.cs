using System.CommandLine;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Oci.Signatures;
using Signet.Policy.Provenance;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet verify-provenance ARTIFACT</c> and <c>signet image verify-provenance IMAGE</c>: slsa-verifier's
/// verify-artifact, verify-github-attestation and verify-image over Sigstore bundles. Exit 0 verified, 1 refused
/// (the failed check named), 2 usage, 3 invalid input, 4 registry or trust store unreachable.
/// </summary>
internal static class ProvenanceCommands
{
    public static Command CreateVerifyProvenance()
    {
        var flags = new ProvenanceFlags();
        var artifact = new Argument<string>("artifact") { Description = "The artifact file, or its digest as sha256:HEX" };
        var provenance = new Option<string>("--provenance-path") { Description = "The provenance: a Sigstore bundle (DSSE, SLSA provenance)", Required = true };
        var command = new Command("verify-provenance",
            "Verify an artifact's SLSA provenance as slsa-verifier does: trusted builder, source repository, branch, tag, versioned tag")
        {
            artifact, provenance,
        };
        flags.AddTo(command);
        command.SetRunner(p =>
        {
            var requirements = flags.Requirements(p);
            var trust = TrustedRootSource.Load(p.GetValue(flags.TrustedRoot), p.InvocationConfiguration.Error);
            var bundle = Bundle.Parse(CliFiles.Read(p.GetRequiredValue(provenance), "provenance", Bundle.MaxSize));
            var subject = p.GetRequiredValue(artifact);
            var loaded = VerifyOptions.LoadArtifact(subject);
            VerifiedProvenance verified;
            try
            {
                verified = new ProvenanceVerifier(new Verifier(trust)).Verify(bundle, loaded, requirements);
            }
            catch (VerificationException e)
            {
                throw ProvenanceFlags.Refusal(e);
            }

            flags.Print(p, p.InvocationConfiguration.Output, subject, verified);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary><c>image verify-provenance</c>: the image's SLSA provenance attestations (both layouts), the first that passes.</summary>
    public static Command CreateImageVerifyProvenance(TimeProvider time)
    {
        var flags = new ProvenanceFlags();
        var registry = new ImageRegistryOptions();
        var command = new Command("verify-provenance", "Verify an image's SLSA provenance attestation as slsa-verifier verify-image does");
        flags.AddTo(command);
        registry.AddTo(command);
        command.SetRunner(async (p, ct) =>
        {
            var requirements = flags.Requirements(p);
            var trust = TrustedRootSource.Load(p.GetValue(flags.TrustedRoot), p.InvocationConfiguration.Error);
            var verifier = new Verifier(trust);
            var reference = registry.Reference(p);
            using var client = registry.Client(p, reference, time);
            var target = await registry.ResolveAsync(p, client, reference, ct).ConfigureAwait(false);
            var reasons = new List<string>();
            VerificationException? refusal = null;
            foreach (var type in ProvenanceVerifier.PredicateTypes)
            {
                var found = await ImageVerifier.VerifyAsync(client, reference, target.Digest, verifier, ProvenanceVerifier.SigningPolicy, type, SignatureLayouts.Both, ct)
                    .ConfigureAwait(false);
                reasons.AddRange(found.Rejected.Select(r => $"{r.Source}: {r.Reason}"));
                foreach (var attestation in found.Verified)
                {
                    try
                    {
                        var verified = ProvenanceVerifier.Check(attestation.Result, requirements, ProvenanceSubject.Image);
                        flags.Print(p, p.InvocationConfiguration.Output, reference.WithDigest(target.Digest).ToString(), verified);
                        return ExitCodes.Success;
                    }
                    catch (VerificationException e)
                    {
                        refusal ??= e;
                    }
                    catch (SignetFormatException e)
                    {
                        reasons.Add($"{attestation.Source}: not SLSA provenance Signet reads: {e.Message}");
                    }
                }
            }

            if (refusal is not null)
            {
                throw ProvenanceFlags.Refusal(refusal);
            }

            var why = reasons.Count == 0 ? "nothing is attached" : string.Join("; ", reasons.Take(3));
            throw new VerificationException(VerificationErrorCode.UnsupportedPayload,
                $"no SLSA provenance attestation of {reference.WithDigest(target.Digest)} verified: {why}");
        });
        return command;
    }
}
