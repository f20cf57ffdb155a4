using Signet.Core.Keys;
using Signet.Core.Notes;

namespace Signet.Core.Verification;

/// <summary>
/// Rekor v1 signs its checkpoints under whatever name its operator configured (rekor <c>--rekor_server.hostname</c>;
/// Sigstore's Kubernetes scaffolding uses the pod's hostname), unrelated to the URL the trusted root lists, and its
/// key hint is name-independent: the first 4 bytes of SHA-256 of the log key's PKIX DER. Rekor's own client
/// (<c>util.SignedCheckpoint.Verify</c>), and so sigstore-go, accept a signature line whose key hint and signature are
/// the log key's, whatever its name. This applies only to Rekor v1 logs (ECDSA or RSA keys, Rekor v1 entry kinds);
/// Rekor v2 checkpoints keep C2SP's rules: the name is part of the key ID and must be the log's.
/// </summary>
internal static class RekorV1Checkpoint
{
    /// <summary>Whether <paramref name="entry"/> in <paramref name="log"/> is a Rekor v1 entry (see the type's remarks).</summary>
    public static bool Applies(TrustedLog log, Bundles.KindVersion entry)
        => log.Key.Kind != KeyKind.Ed25519 && !(entry.Version == "0.0.2" && entry.Kind is "hashedrekord" or "dsse");

    /// <summary>
    /// The checkpoint opened by the first signature line carrying the log key's hint whose signature verifies under
    /// that key; null when there is none. The returned note's only verified signature names the signer's line.
    /// </summary>
    public static OpenedNote? OpenByKeyHint(byte[] note, TrustedLog log)
    {
        var parsed = SignedNote.Parse(note, out var textLength);
        var hint = NoteKeyId.FromSpki(log.Key.SpkiSpan);
        var text = note.AsSpan(0, textLength);
        foreach (var sig in parsed.Signatures)
        {
            if (sig.KeyHash == hint && log.Key.Verify(text, sig.Signature))
            {
                return new OpenedNote(parsed.Text, [sig], [.. parsed.Signatures.Where(s => !ReferenceEquals(s, sig))]);
            }
        }

        return null;
    }

    /// <summary>Rekor v1's origin is <c>&lt;name&gt; - &lt;tree id&gt;</c>, the name being the one on its signature line.</summary>
    public static bool OriginMatches(string origin, string signerName)
        => origin == signerName || origin.StartsWith(signerName + " - ", StringComparison.Ordinal);
}
