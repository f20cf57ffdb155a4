namespace Signet.Oci;

/// <summary>Deployment settings of a <see cref="RegistryClient"/>, fixed when it is built.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>Where credentials come from; null means anonymous.</summary>
    public IRegistryCredentialSource? Credentials { get; init; }

    /// <summary>Allow plain HTTP to non-loopback registries (<c>--allow-insecure-registry</c>).</summary>
    public bool AllowInsecure { get; init; }

    /// <summary>The HTTP handler; null builds a <see cref="SocketsHttpHandler"/>. Tests pass a counting handler around one.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>Attempts for a request that is safe to repeat (GET, HEAD, PUT manifest, blob uploads restarted from the start).</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Longest wait honoured from a <c>Retry-After</c>; a longer one fails at once with the registry's figure.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First back-off between retries without <c>Retry-After</c>; doubles each time.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Largest manifest or index accepted (distribution-spec: registries SHOULD accept at least 4 MiB).</summary>
    public int MaxManifestBytes { get; init; } = 4 << 20;

    /// <summary>Largest blob read into memory (signature payloads, bundles, configs).</summary>
    public long MaxBlobBytes { get; init; } = 64L << 20;

    /// <summary>Blobs larger than this are uploaded in chunks of <see cref="ChunkSize"/> (PATCH with Content-Range).</summary>
    public long ChunkedUploadThreshold { get; init; } = 16L << 20;

    /// <summary>Chunk size for chunked uploads (raised to the registry's <c>OCI-Chunk-Min-Length</c> when it asks).</summary>
    public int ChunkSize { get; init; } = 8 << 20;

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The clock token lifetimes and retry delays are measured by.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Told how far every blob pull (<see cref="RegistryClient.GetBlobAsync"/>) and upload
    /// (<see cref="RegistryClient.PushBlobAsync"/>, <see cref="RegistryClient.PushBlobChunkedAsync"/>) is, from the
    /// thread moving it; null for none. The CLI draws it on a terminal.
    /// </summary>
    public IProgress<BlobTransfer>? BlobProgress { get; init; }

    /// <summary>The <c>User-Agent</c> sent with every request.</summary>
    public string UserAgent { get; init; } = "signet/0.1";
}

/// <summary>Progress of a blob upload: bytes sent so far of the total.</summary>
public readonly record struct UploadProgress(string Digest, long BytesSent, long TotalBytes);

/// <summary>Progress of a blob moving to or from a registry (<see cref="RegistryClientOptions.BlobProgress"/>).</summary>
/// <param name="Digest">The blob's digest (of a chunked upload from a stream: empty until the last report).</param>
/// <param name="Upload">True for an upload, false for a pull.</param>
/// <param name="Bytes">Bytes moved so far.</param>
/// <param name="TotalBytes">The blob's size; -1 when the registry did not say (a pull without Content-Length, an upload from an unseekable stream).</param>
public readonly record struct BlobTransfer(string Digest, bool Upload, long Bytes, long TotalBytes);
