namespace Signet.Log.Engine;

/// <summary>Settings of one log, built once and validated on start.</summary>
public sealed record LogOptions
{
    /// <summary>The log's name: checkpoint origin line and note key name (C2SP tlog-checkpoint).</summary>
    public required string Origin { get; init; }

    /// <summary>Largest batch sequenced in one durable transaction.</summary>
    public int MaxBatchSize { get; init; } = 512;

    /// <summary>How long the appender lingers for more entries after the first of a batch (0 = group commit:
    /// whatever arrived while the previous batch was being made durable).</summary>
    public TimeSpan BatchLinger { get; init; } = TimeSpan.Zero;

    /// <summary>Entries accepted but not yet sequenced beyond which <see cref="LogPushbackException"/> is thrown.</summary>
    public int MaxOutstanding { get; init; } = 8192;

    /// <summary>Writes (and other waits) queued for a checkpoint beyond which a new wait is pushed back with
    /// <see cref="LogPushbackException"/>; reached only while publication is stalled.</summary>
    public int MaxWaitingWrites { get; init; } = 65_536;

    /// <summary>Most entries integrated in one integration round.</summary>
    public int IntegrationChunk { get; init; } = 8192;

    /// <summary>Pause of the integrator when there is nothing to integrate; also the checkpoint publication bound.</summary>
    public TimeSpan IntegrationPoll { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Longest a write waits for its entry to be covered by a published checkpoint (Rekor v2: 20 s).</summary>
    public TimeSpan PublicationTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest the <c>checkpoint</c> file of the tile store lags the published checkpoint (it is rewritten at
    /// most this often; the HTTP APIs always serve the newest).</summary>
    public TimeSpan CheckpointFileInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a superseded partial tile or entry bundle stays in the tile store: it is deleted once a
    /// checkpoint published at least this long ago holds that tile wider (C2SP tlog-tiles "Partial Tiles"), so a reader
    /// of any checkpoint of the last <see cref="PartialTileGrace"/> finds its partial tiles. At least
    /// <see cref="CheckpointFileInterval"/> (the checkpoint file may lag that much behind the published checkpoint).</summary>
    public TimeSpan PartialTileGrace { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Memory for recently used hash tiles (proofs read them; 8 KiB per full tile).</summary>
    public long TileCacheBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> when the origin is not a valid note key name or a limit is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Origin) || Origin.Any(c => char.IsWhiteSpace(c) || c == '+'))
        {
            throw new ArgumentException($"log origin '{Origin}' must be non-empty without spaces or '+' (C2SP signed-note key name)");
        }

        if (MaxBatchSize is < 1 or > 65536 || MaxOutstanding < MaxBatchSize || MaxWaitingWrites < 1 || IntegrationChunk < 1 || TileCacheBytes < 0 || CheckpointFileInterval < TimeSpan.Zero)
        {
            throw new ArgumentException("log batch sizes are out of range");
        }

        if (PartialTileGrace < CheckpointFileInterval)
        {
            throw new ArgumentException($"the partial-tile grace ({PartialTileGrace}) must be at least the checkpoint-file interval ({CheckpointFileInterval})");
        }
    }
}
