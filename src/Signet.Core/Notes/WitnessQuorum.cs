namespace Signet.Core.Notes;

/// <summary>
/// A client's witness policy (C2SP tlog-cosignature: "log clients can verify a quorum of cosignatures to prevent
/// split-view attacks before trusting an inclusion proof"): a set of trusted witness keys and how many of them must
/// have cosigned a checkpoint. <see cref="Check"/> is pure: it looks at the note's signature lines only. Lines of keys
/// outside the set are ignored; a line whose name and key ID are a trusted witness's but whose signature does not
/// verify rejects the note (C2SP signed-note: such a note is malformed).
/// </summary>
public sealed class WitnessQuorum
{
    private readonly Dictionary<(string, uint), INoteVerifier> _byKey = [];

    /// <summary>A policy of <paramref name="quorum"/> out of <paramref name="witnesses"/>.</summary>
    /// <param name="witnesses">The trusted witnesses' verifiers (distinct names and key IDs).</param>
    /// <param name="quorum">How many must have cosigned, 0 to the number of witnesses.</param>
    public WitnessQuorum(IEnumerable<INoteVerifier> witnesses, int quorum)
    {
        ArgumentNullException.ThrowIfNull(witnesses);
        Witnesses = witnesses.ToArray();
        foreach (var w in Witnesses)
        {
            if (!_byKey.TryAdd((w.Name, w.KeyHash), w))
            {
                throw new ArgumentException($"witness {w.Name}+{w.KeyHash:x8} is listed twice", nameof(witnesses));
            }
        }

        if (quorum < 0 || quorum > Witnesses.Count)
        {
            throw new ArgumentException($"a witness quorum of {quorum} is not between 0 and the {Witnesses.Count} witness(es) given", nameof(quorum));
        }

        Quorum = quorum;
    }

    /// <summary>No witnesses and no requirement.</summary>
    public static WitnessQuorum None { get; } = new([], 0);

    /// <summary>The trusted witnesses.</summary>
    public IReadOnlyList<INoteVerifier> Witnesses { get; }

    /// <summary>How many of them must have cosigned.</summary>
    public int Quorum { get; }

    /// <summary>
    /// The trusted witnesses' verified signature lines of <paramref name="signedNote"/> (one per witness); throws
    /// <see cref="NoteVerificationException"/> (<see cref="NoteVerificationError.WitnessQuorumNotMet"/>) when fewer
    /// than <see cref="Quorum"/> verify, or (<see cref="NoteVerificationError.InvalidSignature"/>) when a trusted
    /// witness's line does not verify. A malformed note is a <see cref="SignetFormatException"/>.
    /// </summary>
    /// <param name="signedNote">A signed note, usually a checkpoint whose log signature the caller verified.</param>
    public IReadOnlyList<NoteSignature> Check(ReadOnlySpan<byte> signedNote)
    {
        var note = SignedNote.Parse(signedNote, out var textLength);
        var text = signedNote[..textLength];
        var cosigned = new List<NoteSignature>();
        var seen = new HashSet<(string, uint)>();
        foreach (var sig in note.Signatures)
        {
            if (!_byKey.TryGetValue((sig.Name, sig.KeyHash), out var witness))
            {
                continue;
            }

            if (!witness.Verify(text, sig.Signature))
            {
                throw new NoteVerificationException(NoteVerificationError.InvalidSignature, $"note: invalid cosignature of witness {sig.KeyLabel}");
            }

            if (seen.Add((sig.Name, sig.KeyHash)))
            {
                cosigned.Add(sig);
            }
        }

        if (cosigned.Count < Quorum)
        {
            throw new NoteVerificationException(
                NoteVerificationError.WitnessQuorumNotMet,
                $"checkpoint: cosigned by {cosigned.Count} of the trusted witnesses, {Quorum} required");
        }

        return cosigned;
    }
}
