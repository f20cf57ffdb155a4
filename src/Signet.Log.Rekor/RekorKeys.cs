using System.Buffers.Binary;
using Signet.Core.Keys;
using Signet.Log.Engine;

namespace Signet.Log.Rekor;

/// <summary>
/// The two identities of one Rekor-compatible log over one tree: the Ed25519 checkpoint key (C2SP tlog-checkpoint;
/// its C2SP key hash is the Rekor v2 log ID) and the Rekor v1 ECDSA P-256 key (log ID = SHA-256 of its SPKI; signs
/// signed entry timestamps). Every checkpoint carries both signatures (<see cref="CheckpointSigner"/>), so v1 and v2
/// clients verify the same checkpoints. The v1 tree ID is derived from the v1 log ID.
/// </summary>
public sealed class RekorKeys : IDisposable
{
    private RekorKeys(LogKey checkpoint, RekorV1Key v1)
    {
        Checkpoint = checkpoint;
        V1 = v1;
        // A positive 63-bit number, stable for the log's life (Rekor v1 API: treeID, the UUID's first 16 hex digits).
        TreeId = TreeIdOf(v1.LogId);
        CheckpointSigner = new CosignedCheckpointSigner(checkpoint, v1.NoteSigner);
    }

    /// <summary>The Ed25519 checkpoint key; <see cref="LogKey.LogId"/> is the Rekor v2 log ID.</summary>
    public LogKey Checkpoint { get; }

    /// <summary>The Rekor v1 key (v1 log ID, signed entry timestamps, the checkpoint's second signature).</summary>
    public RekorV1Key V1 { get; }

    /// <summary>The Rekor v1 tree ID: the first 8 bytes of the v1 log ID with the sign bit cleared — of the log's first v1
    /// key: a log whose key was rotated keeps its tree (and so its entries' UUIDs), <see cref="KeepTree"/>.</summary>
    public long TreeId { get; private set; }

    /// <summary>The tree ID a v1 log ID gives (<see cref="TreeId"/>).</summary>
    /// <param name="v1LogId">SHA-256 of the v1 key's SPKI.</param>
    public static long TreeIdOf(ReadOnlySpan<byte> v1LogId) => (long)(BinaryPrimitives.ReadUInt64BigEndian(v1LogId) & long.MaxValue);

    /// <summary>Keeps the tree ID the log had before its v1 key was rotated (the tree goes on; only the key changed).</summary>
    /// <param name="treeId">The tree ID of the log's first v1 key.</param>
    public RekorKeys KeepTree(long treeId)
    {
        TreeId = treeId > 0 ? treeId : throw new ArgumentOutOfRangeException(nameof(treeId), treeId, "a tree ID is positive");
        return this;
    }

    /// <summary>Signs each checkpoint with the Ed25519 key and co-signs it with the v1 key under the same name.</summary>
    public ICheckpointSigner CheckpointSigner { get; }

    /// <summary>The log's origin (checkpoint first line and note key name).</summary>
    public string Origin => Checkpoint.Origin;

    /// <summary>Loads both keys from <paramref name="keysDirectory"/>, creating them on first start
    /// (<c>log-ed25519.pem</c>, <see cref="RekorV1Key.FileName"/>).</summary>
    /// <param name="keysDirectory">The server's keys directory.</param>
    /// <param name="origin">The log's origin.</param>
    public static RekorKeys LoadOrCreate(string keysDirectory, string origin)
    {
        var checkpoint = LogKey.LoadOrCreate(keysDirectory, origin);
        try
        {
            return new RekorKeys(checkpoint, RekorV1Key.LoadOrCreate(keysDirectory, origin));
        }
        catch
        {
            checkpoint.Dispose();
            throw;
        }
    }

    /// <summary>The checkpoint key from <paramref name="keysDirectory"/> (created on first start) and an operator's v1 key
    /// (<c>signet serve --log-key</c>: a file's or a PKCS#11 token's ECDSA P-256 key), owned by the result.</summary>
    /// <param name="keysDirectory">The server's keys directory.</param>
    /// <param name="origin">The log's origin.</param>
    /// <param name="v1">An ECDSA P-256 key.</param>
    public static RekorKeys LoadOrCreate(string keysDirectory, string origin, SigningKey v1)
    {
        ArgumentNullException.ThrowIfNull(v1);
        LogKey? checkpoint = null;
        try
        {
            checkpoint = LogKey.LoadOrCreate(keysDirectory, origin);
            return new RekorKeys(checkpoint, RekorV1Key.FromKey(v1, origin));
        }
        catch
        {
            checkpoint?.Dispose();
            v1.Dispose();
            throw;
        }
    }

    /// <summary>The log's keys with an operator's keys where given (<c>signet serve --log-key</c>: an ECDSA P-256 v1 key;
    /// <c>--log-checkpoint-key</c>: an Ed25519 checkpoint key; a file's or a PKCS#11 token's), else those of
    /// <paramref name="keysDirectory"/>, created on first start. The given keys are owned by the result.</summary>
    /// <param name="keysDirectory">The server's keys directory.</param>
    /// <param name="origin">The log's origin.</param>
    /// <param name="v1">An ECDSA P-256 key, or null.</param>
    /// <param name="checkpoint">An Ed25519 key, or null.</param>
    public static RekorKeys LoadOrCreate(string keysDirectory, string origin, SigningKey? v1, SigningKey? checkpoint)
    {
        LogKey? checkpointKey = null;
        try
        {
            checkpointKey = checkpoint is null ? LogKey.LoadOrCreate(keysDirectory, origin) : LogKey.FromKey(checkpoint, origin);
            return new RekorKeys(checkpointKey, v1 is null ? RekorV1Key.LoadOrCreate(keysDirectory, origin) : RekorV1Key.FromKey(v1, origin));
        }
        catch
        {
            if (checkpointKey is null)
            {
                checkpoint?.Dispose();
            }

            checkpointKey?.Dispose();
            v1?.Dispose();
            throw;
        }
    }

    /// <summary>Keys held in memory (tests, tools); owned by the result from now on.</summary>
    /// <param name="checkpoint">An Ed25519 key.</param>
    /// <param name="v1">An ECDSA P-256 key.</param>
    /// <param name="origin">The log's origin.</param>
    public static RekorKeys FromKeys(SigningKey checkpoint, SigningKey v1, string origin) =>
        new(LogKey.FromKey(checkpoint, origin), RekorV1Key.FromKey(v1, origin));

    /// <summary>Releases both private keys.</summary>
    public void Dispose()
    {
        Checkpoint.Dispose();
        V1.Dispose();
    }
}
