namespace Signet.Files.Tests;

/// <summary>
/// <see cref="BoundedFile"/> bounds what it reads, not what the file system says: a device or a FIFO reports a length
/// of 0 and may never end. Before, readers that checked the reported length read <c>/dev/zero</c> until memory ran out.
/// </summary>
public sealed class BoundedFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-bounded-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 10)]
    [InlineData(100_000, 100_000)]
    [InlineData(100_000, 1 << 20)]
    public void A_file_within_the_limit_is_read_whole(int size, int limit)
    {
        var path = Path.Combine(_dir, "f");
        var bytes = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
        File.WriteAllBytes(path, bytes);

        Assert.Equal(bytes, BoundedFile.Read(path, limit));
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_with_its_length()
    {
        var path = Path.Combine(_dir, "f");
        File.WriteAllBytes(path, new byte[11]);

        var e = Assert.Throws<FileTooLargeException>(() => BoundedFile.Read(path, 10));
        Assert.Equal($"'{path}' is too large (11 bytes, limit 10)", e.Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_device_that_reports_no_length_and_never_ends_is_refused_at_the_limit()
    {
        var e = Assert.Throws<FileTooLargeException>(() => BoundedFile.Read("/dev/zero", 1 << 20));
        Assert.Equal("'/dev/zero' is larger than the limit of 1048576 bytes", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16 * 1024)]
    [InlineData(16 * 1024 + 1)]
    [InlineData(200_000)]
    public void A_stream_without_a_length_is_read_to_its_end_within_the_limit(int size)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();

        Assert.Equal(bytes, BoundedFile.ReadAll(new Unseekable(bytes), 200_000, "pipe"));
        Assert.Throws<FileTooLargeException>(() => BoundedFile.ReadAll(new Unseekable([.. bytes, 1]), size, "pipe"));
    }

    [Fact]
    public void A_file_that_grows_past_its_reported_length_is_read_to_its_end_or_refused()
    {
        // The size hint says 4 bytes; the stream has 40,000: read whole within the limit, refused past it.
        var bytes = new byte[40_000];
        Assert.Equal(bytes, BoundedFile.ReadAll(new Unseekable(bytes), 50_000, "growing", sizeHint: 4));
        Assert.Throws<FileTooLargeException>(() => BoundedFile.ReadAll(new Unseekable(bytes), 39_999, "growing", sizeHint: 4));
    }

    [Fact]
    public void Text_is_utf8_without_its_byte_order_mark()
    {
        var path = Path.Combine(_dir, "key.pem");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "pässword"u8]);

        Assert.Equal("pässword", BoundedFile.ReadText(path, 100));
    }

    // A pipe: reads in small pieces, no length, no seeking.
    private sealed class Unseekable(byte[] bytes) : Stream
    {
        private int _at;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 1000), bytes.Length - _at);
            Array.Copy(bytes, _at, buffer, offset, n);
            _at += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
