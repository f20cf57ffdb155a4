using NSec.Cryptography;

namespace Signet.Core.Notes;

/// <summary>Verifies Ed25519 note signatures (C2SP signed-note §Ed25519 signatures, type 0x01).</summary>
public sealed class Ed25519NoteVerifier : NoteKey, INoteVerifier
{
    private readonly PublicKey _key;

    internal Ed25519NoteVerifier(string name, uint keyHash, PublicKey key)
        : base(name, keyHash) => _key = key;

    /// <inheritdoc/>
    public bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature) =>
        signature.Length == 64 && SignatureAlgorithm.Ed25519.Verify(_key, text, signature);
}

/// <summary>Signs notes with an Ed25519 key (type 0x01).</summary>
public sealed class Ed25519NoteSigner : NoteKey, INoteSigner, IDisposable
{
    private readonly Key _key;

    internal Ed25519NoteSigner(string name, uint keyHash, Key key)
        : base(name, keyHash) => _key = key;

    /// <inheritdoc/>
    public byte[] Sign(ReadOnlySpan<byte> text) => SignatureAlgorithm.Ed25519.Sign(_key, text);

    /// <summary>Releases the Ed25519 private key.</summary>
    public void Dispose() => _key.Dispose();
}
