namespace Signet.Core.Notes;

/// <summary>
/// Opens (verifies) and signs C2SP signed notes. Semantics follow the signed-note spec §Signatures and the Go reference
/// (golang.org/x/mod/sumdb/note <c>Open</c>): unknown keys are ignored but reported, a known key's bad signature
/// rejects the note, and at least one known key must verify.
/// </summary>
public static class NoteOpener
{
    /// <summary>
    /// Verifies a signed note against <paramref name="verifiers"/>: returns the text with the verified and the unknown
    /// signatures, or throws <see cref="NoteVerificationException"/>.
    /// </summary>
    public static OpenedNote Open(ReadOnlySpan<byte> message, IEnumerable<INoteVerifier> verifiers)
    {
        ArgumentNullException.ThrowIfNull(verifiers);
        var note = SignedNote.Parse(message, out var textLength);
        var text = message[..textLength];

        var known = new Dictionary<(string, uint), List<INoteVerifier>>();
        foreach (var v in verifiers)
        {
            var key = (v.Name, v.KeyHash);
            if (!known.TryGetValue(key, out var list))
            {
                known[key] = list = new List<INoteVerifier>(1);
            }

            list.Add(v);
        }

        var verified = new List<NoteSignature>();
        var unverified = new List<NoteSignature>();
        var seenVerified = new HashSet<(string, uint)>();
        var seenUnverified = new HashSet<(string, uint, string)>();
        foreach (var sig in note.Signatures)
        {
            var key = (sig.Name, sig.KeyHash);
            if (!known.TryGetValue(key, out var candidates))
            {
                // Unknown (name, key ID): ignore, dropping repeated identical lines.
                if (seenUnverified.Add((sig.Name, sig.KeyHash, Convert.ToBase64String(sig.Signature))))
                {
                    unverified.Add(sig);
                }

                continue;
            }

            if (candidates.Count > 1)
            {
                throw new NoteVerificationException(NoteVerificationError.AmbiguousKey, $"note: ambiguous key {sig.KeyLabel}: more than one known key has this name and key ID");
            }

            if (!seenVerified.Add(key))
            {
                continue; // Repeated signature by one verifier: checked once.
            }

            if (!candidates[0].Verify(text, sig.Signature))
            {
                throw new NoteVerificationException(NoteVerificationError.InvalidSignature, $"note: invalid signature for key {sig.KeyLabel}");
            }

            verified.Add(sig);
        }

        if (verified.Count == 0)
        {
            throw new NoteVerificationException(NoteVerificationError.NoVerifiedSignature, "note has no verifiable signatures: no signature is from a known key");
        }

        return new OpenedNote(note.Text, verified, unverified);
    }

    /// <summary>Signs <paramref name="text"/> (which must end in a newline) with every signer, in order.</summary>
    public static byte[] Sign(string text, params INoteSigner[] signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        if (signers.Length == 0)
        {
            throw new ArgumentException("a note needs at least one signer", nameof(signers));
        }

        var bytes = SignedNote.CheckText(text);
        var sigs = new List<NoteSignature>(signers.Length);
        foreach (var s in signers)
        {
            if (!NoteKeyId.IsValidName(s.Name))
            {
                throw new SignetFormatException($"note: key name '{s.Name}' is empty or contains a space or '+'");
            }

            sigs.Add(new NoteSignature(s.Name, s.KeyHash, s.Sign(bytes)));
        }

        return new SignedNote(text, sigs).Format();
    }

    /// <summary>Adds signatures to an already signed note (e.g. a witness cosigning a checkpoint), keeping the existing lines.</summary>
    public static byte[] AddSignatures(ReadOnlySpan<byte> message, params INoteSigner[] signers)
    {
        ArgumentNullException.ThrowIfNull(signers);
        var note = SignedNote.Parse(message, out var textLength);
        var text = message[..textLength];
        var sigs = new List<NoteSignature>(note.Signatures);
        foreach (var s in signers)
        {
            sigs.Add(new NoteSignature(s.Name, s.KeyHash, s.Sign(text)));
        }

        return new SignedNote(System.Text.Encoding.UTF8.GetString(text), sigs).Format();
    }
}
