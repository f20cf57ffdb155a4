using System.Buffers.Binary;
using Signet.Core.Encoding;
using Signet.Core.Keys;
using Signet.Core.Notes;

namespace Signet.Log.Engine;

/// <summary>
/// The log's checkpoint key: Ed25519 (C2SP tlog-checkpoint, Rekor v2). It signs every checkpoint (one signature line
/// with the C2SP key ID); the Rekor v1 API's signed entry timestamps and its extra checkpoint signature come from
/// the Rekor personality's v1 key (<c>Signet.Log.Rekor.RekorV1Key</c>). The Rekor v2 log ID is the C2SP signed-note key hash
/// SHA-256(origin ‖ 0x0A ‖ 0x01 ‖ public key) (rekor-tiles <c>log_id.key_id</c>), so a checkpoint's 4-byte key hint is
/// the first 4 bytes of that log ID, as sigstore-js and Signet's verifier match it. Stored as PKCS#8 PEM in
/// <c>DIR/keys/log-ed25519.pem</c> (mode 0600).
/// </summary>
public sealed class LogKey : ICheckpointSigner, IDisposable
{
    private readonly SigningKey _key;
    private readonly RekorNoteSigner _noteSigner;

    private LogKey(SigningKey key, string origin)
    {
        _key = key;
        Name = origin;
        var spki = key.PublicKey.SpkiDer;
        RawPublicKey = key.PublicKey.Ed25519Raw.ToArray();
        LogId = NoteKeyId.Digest(origin, NoteKeyId.Ed25519, RawPublicKey);
        _noteSigner = RekorNoteSigner.Create(origin, key);
        KeyHash = _noteSigner.KeyHash;
        if (KeyHash != BinaryPrimitives.ReadUInt32BigEndian(LogId))
        {
            throw new InvalidOperationException("the log ID does not start with the C2SP note key ID");
        }

        PublicKeyPem = Pem.Encode(PemLabels.PublicKey, spki);
    }

    /// <summary>Note key name = checkpoint origin (C2SP tlog-checkpoint: the key name SHOULD equal the origin).</summary>
    public string Name { get; }

    /// <summary>The C2SP note key ID: the first 4 bytes of <see cref="LogId"/>, big-endian.</summary>
    public uint KeyHash { get; }

    /// <summary>The 32-byte log ID (full C2SP key hash).</summary>
    public byte[] LogId { get; }

    /// <summary>The 32-byte Ed25519 public key.</summary>
    public byte[] RawPublicKey { get; }

    /// <summary>The public key as PEM.</summary>
    public string PublicKeyPem { get; }

    /// <summary>The public key (the trusted root's key for this log).</summary>
    public VerificationKey PublicKey => _key.PublicKey;

    /// <summary>A C2SP verifier key line <c>name+hex(keyhash)+base64(0x01 ‖ key)</c>.</summary>
    public string VerifierKey => $"{Name}+{KeyHash:x8}+{Convert.ToBase64String([0x01, .. RawPublicKey])}";

    /// <inheritdoc/>
    public string Origin => Name;

    /// <summary>An Ed25519 signature over <paramref name="text"/>.</summary>
    /// <param name="text">The signed bytes.</param>
    public byte[] Sign(ReadOnlySpan<byte> text) => _key.Sign(text);

    /// <summary>The C2SP signed checkpoint (tlog-checkpoint body, one Ed25519 signature line with the C2SP key ID).</summary>
    public byte[] SignCheckpoint(ulong size, byte[] rootHash) =>
        NoteOpener.Sign(new Checkpoint(Name, size, rootHash, []).Format(), _noteSigner);

    /// <summary>Signs notes with this key under the log's name and C2SP key ID.</summary>
    public INoteSigner NoteSigner => _noteSigner;

    /// <summary>How a client verifies this log's checkpoints.</summary>
    public INoteVerifier NoteVerifier => RekorNoteVerifier.Create(Name, _key.PublicKey);

    /// <summary>Wraps an Ed25519 key held in memory (tests, tools).</summary>
    /// <param name="key">The key; owned by the result from now on.</param>
    /// <param name="origin">The log's origin (note key name).</param>
    public static LogKey FromKey(SigningKey key, string origin) =>
        key.Algorithm == SigningAlgorithm.PkixEd25519 ? new LogKey(key, origin) : throw new ArgumentException("the log key must be Ed25519", nameof(key));

    /// <summary>Loads <c>log-ed25519.pem</c> from <paramref name="keysDirectory"/>, creating it on first start.</summary>
    /// <param name="keysDirectory">The keys directory.</param>
    /// <param name="origin">The log's origin (note key name).</param>
    public static LogKey LoadOrCreate(string keysDirectory, string origin)
    {
        var path = Path.Combine(keysDirectory, "log-ed25519.pem");
        var key = KeyFile.LoadOrCreate(path, SigningKey.GenerateEd25519);
        if (key.Algorithm != SigningAlgorithm.PkixEd25519)
        {
            key.Dispose();
            throw new InvalidOperationException($"{path} is not an Ed25519 key");
        }

        return new LogKey(key, origin);
    }

    /// <summary>Releases the private key.</summary>
    public void Dispose() => _key.Dispose();
}
