using Signet.Core.Keys;

namespace Signet.Core.Notes;

/// <summary>
/// Note verifiers and signers for a log key given as a <see cref="VerificationKey"/> / <see cref="SigningKey"/>, with the key
/// IDs Sigstore's logs use: ECDSA (Rekor v1) = SHA-256(SPKI DER)[:4], which is C2SP signed-note type 0x02; Ed25519
/// (Rekor v2, rekor-tiles) = the C2SP key ID SHA-256(name || 0x0A || 0x01 || public key)[:4].
/// </summary>
public sealed class RekorNoteVerifier : NoteKey, INoteVerifier
{
    private readonly VerificationKey _key;

    private RekorNoteVerifier(string name, uint keyHash, VerificationKey key)
        : base(name, keyHash) => _key = key;

    /// <summary>The log's public key that checks the signatures.</summary>
    public VerificationKey Key => _key;

    /// <summary>
    /// A verifier for the log named <paramref name="name"/> (its origin or host) with the key ID Sigstore's logs use
    /// for <paramref name="key"/>.
    /// </summary>
    public static RekorNoteVerifier Create(string name, VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!NoteKeyId.IsValidName(name))
        {
            throw new SignetFormatException($"note key: name '{name}' is empty or contains a space or '+'");
        }

        return new RekorNoteVerifier(name, KeyHashOf(name, key), key);
    }

    /// <summary>The key ID a Sigstore log uses for <paramref name="key"/> under <paramref name="name"/>.</summary>
    public static uint KeyHashOf(string name, VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Kind switch
        {
            KeyKind.Ed25519 => NoteKeyId.Compute(name, NoteKeyId.Ed25519, key.Ed25519Raw),
            KeyKind.EcdsaP256 or KeyKind.EcdsaP384 or KeyKind.EcdsaP521 => NoteKeyId.FromSpki(key.SpkiSpan),
            _ => throw new SignetFormatException($"note key: {key.Kind} keys cannot sign checkpoints (Ed25519 or ECDSA only)"),
        };
    }

    /// <inheritdoc/>
    public bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature) => _key.Verify(text, signature);
}

/// <summary>Signs notes (checkpoints) with a <see cref="SigningKey"/>, using the key IDs of <see cref="RekorNoteVerifier"/>.</summary>
public sealed class RekorNoteSigner : NoteKey, INoteSigner
{
    private readonly SigningKey _key;

    private RekorNoteSigner(string name, uint keyHash, SigningKey key)
        : base(name, keyHash) => _key = key;

    /// <summary>Wraps <paramref name="key"/> (not owned: the caller disposes it).</summary>
    public static RekorNoteSigner Create(string name, SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!NoteKeyId.IsValidName(name))
        {
            throw new ArgumentException("key name must be non-empty without spaces or '+'", nameof(name));
        }

        return new RekorNoteSigner(name, RekorNoteVerifier.KeyHashOf(name, key.PublicKey), key);
    }

    /// <inheritdoc/>
    public byte[] Sign(ReadOnlySpan<byte> text) => _key.Sign(text);
}
