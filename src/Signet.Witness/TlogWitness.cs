using System.Text;
using Signet.Core;
using Signet.Core.Merkle;
using Signet.Core.Notes;
using Signet.Witness.Telemetry;

namespace Signet.Witness;

/// <summary>
/// A C2SP tlog-witness: it cosigns a log's checkpoint only when the checkpoint is signed by the log's key and is
/// consistent with the checkpoint it last cosigned for that log, and it records the new checkpoint (atomically, see
/// <see cref="WitnessStore.TryAdvance"/>) before answering. So it never cosigns two inconsistent checkpoints of one
/// log. Cosignatures are tlog-cosignature v1 (Ed25519) with the time of <see cref="CosignatureV1Signer"/>'s clock.
/// </summary>
/// <param name="signer">The witness's cosigning key.</param>
/// <param name="logs">The logs it follows.</param>
/// <param name="store">Its state.</param>
public sealed class TlogWitness(CosignatureV1Signer signer, WitnessedLogs logs, WitnessStore store)
{
    /// <summary>The witness's name (its key name).</summary>
    public string Name => signer.Name;

    /// <summary>Its verifier key <c>name+hash+base64(0x04 || key)</c>.</summary>
    public string VerifierKey => signer.VerifierKey;

    /// <summary>The logs it follows.</summary>
    public WitnessedLogs Logs => logs;

    /// <summary>
    /// C2SP tlog-witness <c>add-checkpoint</c>: checks the request body in the spec's order and returns the response
    /// body, the witness's cosignature line. Refusals are <see cref="WitnessRefusedException"/> (404, 403, 409, 422);
    /// a malformed body or an old size beyond the checkpoint's is a <see cref="SignetFormatException"/> (400).
    /// </summary>
    /// <param name="body">The request body.</param>
    public byte[] AddCheckpoint(ReadOnlySpan<byte> body)
    {
        WitnessedLog? log = null;
        try
        {
            var answer = Cosign(body, ref log);
            WitnessTelemetry.Record(log, "cosigned");
            return answer;
        }
        catch (WitnessRefusedException e)
        {
            WitnessTelemetry.Record(log, WitnessTelemetry.ResultOf(e.Refusal));
            throw;
        }
        catch (SignetFormatException)
        {
            WitnessTelemetry.Record(log, "malformed");
            throw;
        }
    }

    /// <summary>C2SP tlog-witness §add-checkpoint in the spec's order; <paramref name="log"/> is set once the origin is one the witness follows.</summary>
    private byte[] Cosign(ReadOnlySpan<byte> body, ref WitnessedLog? log)
    {
        var request = AddCheckpointRequest.Parse(body);
        var note = SignedNote.Parse(request.Checkpoint);
        var checkpoint = Checkpoint.Parse(note.Text);
        log = logs.ByOrigin(checkpoint.Origin)
            ?? throw new WitnessRefusedException(WitnessRefusal.UnknownLog, $"the witness does not follow log '{checkpoint.Origin}'");

        // Signatures from unknown keys are ignored; a trusted key's bad line, or no trusted line, is 403.
        try
        {
            NoteOpener.Open(request.Checkpoint, [log.Key]);
        }
        catch (NoteVerificationException e)
        {
            throw new WitnessRefusedException(WitnessRefusal.UnsignedCheckpoint, $"checkpoint of '{log.Origin}': {e.Message}");
        }

        if (request.OldSize > checkpoint.Size)
        {
            throw new SignetFormatException($"add-checkpoint: old size {request.OldSize} exceeds the checkpoint's size {checkpoint.Size}");
        }

        if (checkpoint.Size > long.MaxValue)
        {
            throw new SignetFormatException($"add-checkpoint: tree size {checkpoint.Size} exceeds 2^63-1");
        }

        var latest = store.Latest(log.Origin);
        var latestSize = latest?.Size ?? 0;
        if (request.OldSize != latestSize)
        {
            throw new WitnessRefusedException(WitnessRefusal.SizeMismatch, $"the witness last cosigned size {latestSize} of '{log.Origin}', not {request.OldSize}", latestSize);
        }

        CheckConsistency(request, checkpoint, latest);

        // The served note (monitoring endpoint) keeps the request's signature lines — the log's verified one and the
        // others it carried, e.g. Rekor v1's second key, so that every client of the log can verify it — and adds the
        // witness's cosignature in place of any line claiming its key.
        var text = Encoding.UTF8.GetBytes(note.Text);
        var cosignature = new NoteSignature(signer.Name, signer.KeyHash, signer.Sign(text));
        var kept = note.Signatures.Where(s => s.Name != signer.Name || s.KeyHash != signer.KeyHash);
        var cosigned = new SignedNote(note.Text, [.. kept, cosignature]).Format();
        if (!store.TryAdvance(latest, new CosignedCheckpoint(log.Origin, checkpoint.Size, checkpoint.RootHash, cosigned)))
        {
            var now = store.Latest(log.Origin)?.Size ?? 0;
            throw new WitnessRefusedException(WitnessRefusal.SizeMismatch, $"another request advanced the witness's view of '{log.Origin}' to size {now}", now);
        }

        return Encoding.UTF8.GetBytes(cosignature.Format());
    }

    /// <summary>C2SP tlog-witness §Monitor Retrieval Mechanism: the latest cosigned checkpoint of the log whose origin
    /// hashes to <paramref name="originHash"/>, or null when the witness has not cosigned one (404).</summary>
    /// <param name="originHash">Lowercase hex SHA-256 of the origin.</param>
    public byte[]? LatestCheckpoint(string originHash) =>
        logs.ByOriginHash(originHash) is { } log ? store.Latest(log.Origin)?.Note : null;

    private static void CheckConsistency(AddCheckpointRequest request, Checkpoint checkpoint, CosignedCheckpoint? latest)
    {
        // RFC 6962 §2.1: the empty tree's root is the hash of the empty string.
        if (checkpoint.Size == 0 && !checkpoint.RootHash.AsSpan().SequenceEqual(Rfc6962.EmptyRoot))
        {
            throw Inconsistent("a checkpoint of size 0 must have the empty tree's root");
        }

        if (request.OldSize == 0)
        {
            if (request.Proof.Count != 0)
            {
                throw Inconsistent("the consistency proof from size 0 must be empty");
            }

            return;
        }

        if (request.OldSize == checkpoint.Size)
        {
            if (request.Proof.Count != 0 || !checkpoint.RootHash.AsSpan().SequenceEqual(latest!.RootHash))
            {
                throw Inconsistent($"size {checkpoint.Size} has a different root than the checkpoint the witness cosigned");
            }

            return;
        }

        try
        {
            ConsistencyProof.Verify(request.OldSize, checkpoint.Size, request.Proof, latest!.RootHash, checkpoint.RootHash);
        }
        catch (MerkleProofException e)
        {
            throw Inconsistent($"the consistency proof from {request.OldSize} to {checkpoint.Size} does not verify ({e.Message})");
        }
    }

    private static WitnessRefusedException Inconsistent(string message) => new(WitnessRefusal.InconsistentCheckpoint, message);
}
