using Signet.Core.Keys;

namespace Signet.Core.Notes;

/// <summary>
/// Verifier keys (<c>name+hash+base64(type || key)</c>, C2SP signed-note §Verifier keys) of every signature type Signet
/// verifies: 0x01 Ed25519 and 0x04 tlog-cosignature v1 (<see cref="Ed25519NoteKey"/>), and 0x02 ECDSA, whose key is a
/// DER SubjectPublicKeyInfo and whose key ID is SHA-256 of it (as transparency-dev/witness lists Rekor v1's key).
/// </summary>
public static class NoteVerifierKey
{
    /// <summary>Parses a verifier key; the key ID must match the key (and, but for ECDSA, the name).</summary>
    /// <param name="vkey">The verifier key string.</param>
    public static INoteVerifier Parse(string vkey)
    {
        var (name, hash, key) = Ed25519NoteKey.SplitKey(vkey, "verifier key");
        if (key.Length == 0 || key[0] != NoteKeyId.Ecdsa)
        {
            return Ed25519NoteKey.ParseVerifier(vkey);
        }

        // C2SP signed-note §Signature types 0x02: the key ID is the truncated SHA-256 of the DER SPKI.
        var spki = key.AsSpan(1);
        if (NoteKeyId.FromSpki(spki) != hash)
        {
            throw new SignetFormatException("verifier key: key ID does not match the ECDSA key");
        }

        var publicKey = VerificationKey.FromSpki(spki);
        if (publicKey.Kind is not (KeyKind.EcdsaP256 or KeyKind.EcdsaP384 or KeyKind.EcdsaP521))
        {
            throw new SignetFormatException($"verifier key: type 0x02 holds a {publicKey.Kind} key, not ECDSA");
        }

        return RekorNoteVerifier.Create(name, publicKey);
    }

    /// <summary>Parses a witness's verifier key: it must be a tlog-cosignature v1 key (type 0x04).</summary>
    /// <param name="vkey">The verifier key string.</param>
    public static CosignatureV1Verifier ParseCosigner(string vkey) =>
        Parse(vkey) as CosignatureV1Verifier
        ?? throw new SignetFormatException("witness key: not a tlog-cosignature v1 verifier key (type 0x04)");
}
