using System.CommandLine;
using Signet.Client.Log;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Bundles.Legacy;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Files;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet bundle convert (--bundle OLD | --signature S (--certificate C | --key K)) [ARTIFACT] --output OUT</c>: cosign's
/// old bundle, a Rekor bundle with its signature, a detached pair, or an older Sigstore bundle, as a v0.3 bundle. A v0.3
/// bundle needs each entry's inclusion proof, which the old forms lack: it is fetched from the Rekor v1 log
/// (<c>--rekor-url</c>, default the signing config's) by the entry's index and kept only when the log's entry is the same
/// body. A detached pair has no entry at all: it is found as <c>signet verify</c> finds it (search by the artifact's hash,
/// verified under the trusted root with any identity), so the artifact is needed then.
/// </summary>
internal static class BundleConvertCommand
{
    public static Command Create(TimeProvider time)
    {
        var o = new VerifyOptions();
        var output = new Option<string>("--output") { Description = "Where to write the v0.3 bundle", Required = true };
        var command = new Command("convert", "Turn cosign's old bundle, a Rekor bundle with --signature, a detached --signature/--certificate pair, or a v0.1/v0.2 bundle into a v0.3 bundle (fetching inclusion proofs from the log)");
        o.Artifact.Arity = ArgumentArity.ZeroOrOne;
        o.Artifact.Description = "The artifact (file or sha256:HEX): needed to find a detached pair's log entry";
        command.Add(o.Artifact);
        command.Add(o.Bundle);
        o.Bundle.Description = "The bundle to convert (Sigstore, cosign's old bundle, or a Rekor bundle); or give --signature";
        o.Bundle.Required = false;
        o.Legacy.AddTo(command);
        command.AddOptions(o.Key, o.TrustedRoot, output);
        command.SetRunner(async (p, ct) =>
        {
            var (bundle, detached) = SignatureInputs.Read(p, o);
            using var http = ServiceHttpClient.Create(ServiceHttpClient.ReadTimeout);
            Bundle converted;
            if (bundle is not null)
            {
                converted = bundle.MinorVersion == 3 ? bundle : await ToV03Async(p, o, Detached(bundle), bundle.MessageSignature?.MessageDigest, http, time, ct).ConfigureAwait(false);
            }
            else if (detached!.Entries.Count > 0)
            {
                converted = await ToV03Async(p, o, detached, null, http, time, ct).ConfigureAwait(false);
            }
            else
            {
                var artifactArg = p.GetValue(o.Artifact) ?? throw new UsageException("a detached signature has no log entry: give the ARTIFACT so that its entry can be found");
                var artifact = VerifyOptions.LoadArtifact(artifactArg);
                var policy = p.GetValue(o.Key) is { } keyPath
                    ? VerificationPolicy.ForPublicKey(VerificationKey.FromPem(System.Text.Encoding.UTF8.GetString(CliFiles.Read(keyPath, "public key", 1024 * 1024))))
                    : VerificationPolicy.WithoutIdentityUnsafe();
                var verifier = new Verifier(TrustedRootSource.Load(p.GetValue(o.TrustedRoot), p.InvocationConfiguration.Error));
                var log = new RekorV1Client(http, SignatureInputs.RekorUrl(p, o.Legacy, time));
                var (_, found) = await new DetachedSignatureVerifier(log, verifier).FindAsync(detached, artifact, policy, ct).ConfigureAwait(false);
                converted = await ToV03Async(p, o, Detached(found), found.MessageSignature!.MessageDigest, http, time, ct).ConfigureAwait(false);
            }

            DurableFile.Replace(p.GetRequiredValue(output), converted.ToJson());
            await p.InvocationConfiguration.Output.WriteLineAsync($"signet: wrote a {MediaTypes.BundleV03} bundle to {p.GetRequiredValue(output)}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static DetachedSignature Detached(Bundle bundle)
    {
        var signature = bundle.MessageSignature?.Signature
            ?? throw new SignetFormatException("bundle convert: a DSSE bundle of v0.1/v0.2 is converted by re-signing, not here (only message signatures)");
        var m = bundle.VerificationMaterial;
        return new DetachedSignature(signature, m.LeafCertificate is { } leaf ? [leaf] : null, m.TlogEntries);
    }

    /// <summary>Fills in each entry's inclusion proof from the log (by index), keeping the log's entry only when its body is ours.</summary>
    private static async Task<Bundle> ToV03Async(ParseResult p, VerifyOptions o, DetachedSignature detached, HashOutput? digest, HttpClient http, TimeProvider time, CancellationToken ct)
    {
        RekorV1Client? log = null;
        var entries = new List<TransparencyLogEntry>();
        foreach (var entry in detached.Entries)
        {
            if (entry.InclusionProof is not null)
            {
                entries.Add(entry);
                continue;
            }

            log ??= new RekorV1Client(http, SignatureInputs.RekorUrl(p, o.Legacy, time));
            var fetched = await log.GetEntryByIndexAsync(entry.LogIndex, ct).ConfigureAwait(false);
            if (!fetched.LogId.AsSpan().SequenceEqual(entry.LogId) || fetched.CanonicalizedBody is null || !fetched.CanonicalizedBody.AsSpan().SequenceEqual(entry.CanonicalizedBody))
            {
                throw new VerificationException(VerificationErrorCode.TransparencyLogEntryMismatch, $"the log at {log.BaseUrl} holds another entry at index {entry.LogIndex} (is --rekor-url the log that signed this entry?)");
            }

            entries.Add(fetched.InclusionProof is null
                ? throw new SignetFormatException($"the log at {log.BaseUrl} gave no inclusion proof for index {entry.LogIndex}")
                : fetched);
        }

        return detached.WithEntries(entries).ToBundleV03(digest);
    }
}
