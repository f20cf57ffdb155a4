using System.Security.Cryptography;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;
using Signet.Core.Rekor;

namespace Signet.Core.Verification;

/// <summary>
/// Client-spec §4.3 for each log entry of a bundle: find the log in the trusted root by log id, check the entry body
/// against the bundle, verify the Rekor v1 signed entry timestamp (yielding the integrated time), verify the
/// inclusion proof against a checkpoint signed by that log (unknown signature lines, e.g. witness cosignatures, are
/// ignored), and count each distinct entry once.
/// </summary>
internal static class TransparencyLogVerifier
{
    public sealed record Outcome(IReadOnlyList<VerifiedLogEntry> Entries, IReadOnlyList<VerifiedTimestamp> IntegratedTimes);

    public static Outcome Verify(
        Bundle bundle,
        SignedContent content,
        Artifact artifact,
        ITrustedMaterial trust,
        IReadOnlyList<DateTimeOffset> signedTimes,
        VerifierOptions options)
    {
        var entries = bundle.VerificationMaterial.TlogEntries;
        if (entries.Count > options.MaxEntries)
        {
            throw new SignetFormatException($"bundle.verificationMaterial.tlogEntries: {entries.Count} entries, at most {options.MaxEntries}");
        }

        var version = bundle.MinorVersion;
        var verified = new List<VerifiedLogEntry>();
        var times = new List<VerifiedTimestamp>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var what = $"bundle.verificationMaterial.tlogEntries[{i}]";
            var body = entry.CanonicalizedBody
                ?? throw new VerificationException(VerificationErrorCode.BundleIncomplete, $"{what}: no canonicalized body");

            // protobuf-specs sigstore_bundle.proto: v0.1 needs the inclusion promise, v0.2+ the inclusion proof.
            if (version == 1 && entry.SignedEntryTimestamp is null)
            {
                throw new VerificationException(VerificationErrorCode.BundleIncomplete, $"{what}: a v0.1 bundle entry needs an inclusion promise (SET)");
            }

            if (version >= 2 && entry.InclusionProof is null)
            {
                throw new VerificationException(VerificationErrorCode.BundleIncomplete, $"{what}: a v0.{version} bundle entry needs an inclusion proof");
            }

            var log = trust.TransparencyLogs.FirstOrDefault(l => l.LogId.AsSpan().SequenceEqual(entry.LogId))
                ?? throw new VerificationException(VerificationErrorCode.TransparencyLogUnknown, $"{what}: log id {Convert.ToBase64String(entry.LogId)} is not a transparency log of the trusted root");

            // Without a signed entry timestamp (Rekor v2) nothing the log signed names the log ID; an ECDSA log's ID is
            // SHA-256 of its key (RFC 6962 §3.2; protobuf-specs sigstore_trustroot.proto: C2SP's checkpoint key ID of an
            // ECDSA key matches it), so the entry's must be that of the trusted key, as sigstore-go checks.
            if (entry.SignedEntryTimestamp is null && log.Key.Kind is KeyKind.EcdsaP256 or KeyKind.EcdsaP384 or KeyKind.EcdsaP521
                && !SHA256.HashData(log.Key.SpkiSpan).AsSpan().SequenceEqual(entry.LogId))
            {
                throw new VerificationException(VerificationErrorCode.TransparencyLogUnknown, $"{what}: log id {Convert.ToBase64String(entry.LogId)} is not the ID of the ECDSA key of log {log.BaseUrl} (SHA-256 of the key)");
            }

            var parsed = LogEntryBody.Parse(body, entry.KindVersion, $"{what}.canonicalizedBody");
            LogEntryMatcher.Match(parsed, content, artifact);

            DateTimeOffset? integrated = null;
            if (entry.SignedEntryTimestamp is not null)
            {
                VerifySignedEntryTimestamp(entry, log, what);
                integrated = DateTimeOffset.FromUnixTimeSeconds(entry.IntegratedTime);
            }

            // The log's key must have been valid when the entry was integrated (the integrated time, or for
            // Rekor v2, which has none, the signed timestamps).
            var checkTimes = integrated is not null ? [integrated.Value]
                : entry.IntegratedTime > 0 ? [DateTimeOffset.FromUnixTimeSeconds(entry.IntegratedTime)]
                : signedTimes;
            foreach (var t in checkTimes)
            {
                if (!log.IsValidAt(t))
                {
                    throw new VerificationException(VerificationErrorCode.TransparencyLogUnknown, $"{what}: the key of log {log.BaseUrl} was not valid at {t:O}");
                }
            }

            var leafHash = Rfc6962.HashLeaf(body);
            var proofVerified = false;
            if (entry.InclusionProof is { } proof)
            {
                VerifyInclusion(proof, leafHash, log, requireCheckpoint: version >= 2, RekorV1Checkpoint.Applies(log, entry.KindVersion), options.Witnesses, what);
                proofVerified = proof.Checkpoint is not null;
            }

            if (!proofVerified && options.Witnesses.Quorum > 0)
            {
                throw new VerificationException(VerificationErrorCode.WitnessQuorumNotMet, $"{what}: no checkpoint to carry the {options.Witnesses.Quorum} witness cosignature(s) required");
            }

            if (!proofVerified && integrated is null)
            {
                throw new VerificationException(VerificationErrorCode.BundleIncomplete, $"{what}: neither a signed entry timestamp nor a checkpointed inclusion proof");
            }

            // The same entry (same log, same leaf) is never counted twice.
            if (!seen.Add(Convert.ToHexString(entry.LogId) + Convert.ToHexString(leafHash)))
            {
                continue;
            }

            verified.Add(new VerifiedLogEntry(log.BaseUrl, entry.LogIndex, entry.KindVersion.Kind, entry.KindVersion.Version, integrated, proofVerified, integrated is not null));
            if (integrated is not null)
            {
                times.Add(new VerifiedTimestamp(TimestampSource.TransparencyLog, integrated.Value, log.BaseUrl));
            }
        }

        if (verified.Count < options.TransparencyLogThreshold)
        {
            throw new VerificationException(
                VerificationErrorCode.InsufficientTransparencyLogEntries,
                $"{verified.Count} verified transparency log entries, {options.TransparencyLogThreshold} required");
        }

        return new Outcome(verified, times);
    }

    /// <summary>Rekor v1 SET (protobuf-specs sigstore_rekor.proto InclusionPromise), see <see cref="SignedEntryTimestamp"/>.</summary>
    private static void VerifySignedEntryTimestamp(TransparencyLogEntry entry, TrustedLog log, string what)
    {
        if (entry.IntegratedTime <= 0)
        {
            throw new VerificationException(VerificationErrorCode.SignedEntryTimestampInvalid, $"{what}: a signed entry timestamp needs an integrated time");
        }

        if (!SignedEntryTimestamp.Verify(log.Key, entry.SignedEntryTimestamp, entry.CanonicalizedBody, entry.IntegratedTime, entry.LogId, entry.LogIndex))
        {
            throw new VerificationException(VerificationErrorCode.SignedEntryTimestampInvalid, $"{what}: the signed entry timestamp does not verify with the key of {log.BaseUrl}");
        }
    }

    private static void VerifyInclusion(TlogInclusionProof proof, byte[] leafHash, TrustedLog log, bool requireCheckpoint, bool rekorV1, WitnessQuorum witnesses, string what)
    {
        var root = proof.RootHash;
        if (proof.Checkpoint is null)
        {
            if (requireCheckpoint)
            {
                throw new VerificationException(VerificationErrorCode.BundleIncomplete, $"{what}: the inclusion proof has no checkpoint");
            }
        }
        else
        {
            // C2SP signed-note: text, a blank line, then signature lines. A note whose signature block is empty is
            // well formed but signed by nobody — a verification failure, not bad input.
            var blank = proof.Checkpoint.IndexOf("\n\n", StringComparison.Ordinal);
            if (blank >= 0 && string.IsNullOrWhiteSpace(proof.Checkpoint[(blank + 2)..]))
            {
                throw new VerificationException(VerificationErrorCode.CheckpointInvalid, $"{what}: the checkpoint carries no signatures (log {log.Name} must sign it)");
            }

            OpenedNote opened;
            var note = System.Text.Encoding.UTF8.GetBytes(proof.Checkpoint);
            try
            {
                // C2SP signed-note: lines from unknown keys (witness cosignatures, other logs) are ignored; the log's
                // own signature must be present and valid.
                opened = NoteOpener.Open(note, [log.CheckpointVerifier!]);
            }
            catch (NoteVerificationException e) when (rekorV1 && e.Error == NoteVerificationError.NoVerifiedSignature && RekorV1Checkpoint.OpenByKeyHint(note, log) is { } byHint)
            {
                opened = byHint;
            }
            catch (NoteVerificationException e)
            {
                throw new VerificationException(VerificationErrorCode.CheckpointInvalid, $"{what}: the checkpoint is not signed by log {log.Name} ({e.Message})", e);
            }
            catch (SignetFormatException e)
            {
                throw new SignetFormatException($"{what}: inclusionProof.checkpoint.envelope: {e.Message}", e);
            }

            if (opened.Verified.Count == 0)
            {
                throw new VerificationException(VerificationErrorCode.CheckpointInvalid, $"{what}: the checkpoint carries no valid signature of log {log.Name}");
            }

            Checkpoint checkpoint;
            try
            {
                checkpoint = Checkpoint.Parse(opened.Text);
            }
            catch (SignetFormatException e)
            {
                throw new SignetFormatException($"{what}: inclusionProof.checkpoint.envelope: {e.Message}", e);
            }

            // C2SP tlog-checkpoint: the origin names the log (Rekor v1 adds " - <tree id>"); a Rekor v1 checkpoint signed
            // under another name (RekorV1Checkpoint) carries that name in its origin.
            var signer = opened.Verified[0].Name;
            if (!RekorV1Checkpoint.OriginMatches(checkpoint.Origin, log.Name) && !(signer != log.Name && RekorV1Checkpoint.OriginMatches(checkpoint.Origin, signer)))
            {
                throw new VerificationException(VerificationErrorCode.CheckpointInvalid, $"{what}: checkpoint origin '{checkpoint.Origin}' is not log {log.Name}");
            }

            if (checkpoint.Size != (ulong)proof.TreeSize || !checkpoint.RootHash.AsSpan().SequenceEqual(proof.RootHash))
            {
                throw new VerificationException(VerificationErrorCode.CheckpointInvalid, $"{what}: the checkpoint (size {checkpoint.Size}) does not commit to the proof's tree (size {proof.TreeSize})");
            }

            if (witnesses.Quorum > 0)
            {
                try
                {
                    witnesses.Check(note);
                }
                catch (NoteVerificationException e)
                {
                    throw new VerificationException(VerificationErrorCode.WitnessQuorumNotMet, $"{what}: {e.Message}", e);
                }
            }

            root = checkpoint.RootHash;
        }

        if (proof.LogIndex >= proof.TreeSize)
        {
            throw new VerificationException(VerificationErrorCode.InclusionProofInvalid, $"{what}: proof index {proof.LogIndex} is outside tree size {proof.TreeSize}");
        }

        try
        {
            InclusionProof.Verify((ulong)proof.LogIndex, (ulong)proof.TreeSize, leafHash, proof.Hashes, root);
        }
        catch (MerkleProofException e)
        {
            throw new VerificationException(VerificationErrorCode.InclusionProofInvalid, $"{what}: the inclusion proof does not verify ({e.Message})", e);
        }
    }
}
