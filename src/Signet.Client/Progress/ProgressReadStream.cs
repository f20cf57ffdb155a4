namespace Signet.Client.Progress;

/// <summary>
/// A read-only view of a stream that reports how many bytes have been read so far: the one seam through which long
/// reads (hashing a large artifact) tell a caller's <see cref="IProgress{T}"/> how far they are. Reports are made at
/// most every <see cref="ReportEvery"/> bytes and once at the end.
/// </summary>
/// <param name="inner">The stream read (disposed with this one).</param>
/// <param name="progress">Receives the number of bytes read so far.</param>
public sealed class ProgressReadStream(Stream inner, IProgress<long> progress) : Stream
{
    /// <summary>Bytes between two reports.</summary>
    public const int ReportEvery = 1024 * 1024;

    private long _read;
    private long _reported;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => inner.Length;

    /// <inheritdoc/>
    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer) => Advance(inner.Read(buffer));

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Advance(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Advance(int n)
    {
        _read += n;
        if (n == 0 || _read - _reported >= ReportEvery)
        {
            _reported = _read;
            progress.Report(_read);
        }

        return n;
    }
}
