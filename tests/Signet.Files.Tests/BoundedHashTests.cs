using System.Security.Cryptography;

namespace Signet.Files.Tests;

/// <summary>
/// <see cref="BoundedFile.HashAll"/> and <see cref="BoundedFile.ReadOrHash"/>: a digest read as a stream, so that a file
/// of any size is hashed in constant memory, with a bound on the bytes read so that one that never ends is refused; and
/// a stream of unknown length read once, kept as bytes when it is short and hashed when it is not.
/// </summary>
public sealed class BoundedHashTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024 * 1024)]
    [InlineData(3 * 1024 * 1024 + 17)]
    public void The_digest_is_that_of_the_whole_stream(int size)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)(i * 13)).ToArray();

        Assert.Equal(SHA256.HashData(bytes), BoundedFile.HashAll(new MemoryStream(bytes), HashAlgorithmName.SHA256, size, "f"));
        Assert.Equal(SHA384.HashData(bytes), BoundedFile.HashAll(new MemoryStream(bytes), HashAlgorithmName.SHA384, long.MaxValue, "f"));
    }

    [Fact]
    public void A_stream_past_the_limit_is_refused()
    {
        var e = Assert.Throws<FileTooLargeException>(() => BoundedFile.HashAll(new MemoryStream(new byte[11]), HashAlgorithmName.SHA256, 10, "f"));
        Assert.Equal("'f' is larger than the limit of 10 bytes", e.Message);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_device_that_never_ends_is_refused_at_the_limit()
    {
        using var zero = File.OpenRead("/dev/zero");
        var e = Assert.Throws<FileTooLargeException>(() => BoundedFile.HashAll(zero, HashAlgorithmName.SHA256, 8 << 20, "/dev/zero"));
        Assert.Equal("'/dev/zero' is larger than the limit of 8388608 bytes", e.Message);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 5)]
    [InlineData(2 * 1024 * 1024, 2 * 1024 * 1024)]
    public void A_stream_that_ends_within_what_is_kept_is_returned_as_its_bytes(int size, long keepUpTo)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        var read = BoundedFile.ReadOrHash(new MemoryStream(bytes), keepUpTo, [HashAlgorithmName.SHA256], long.MaxValue, "f");

        Assert.Equal(bytes, read.Bytes);
        Assert.Null(read.Digests);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2 * 1024 * 1024 + 1, 2 * 1024 * 1024)]
    [InlineData(3 * 1024 * 1024 + 17, 1024 * 1024 + 5)]
    public void A_longer_stream_is_hashed_whole_from_its_first_byte(int size, long keepUpTo)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        var read = BoundedFile.ReadOrHash(new MemoryStream(bytes), keepUpTo, [HashAlgorithmName.SHA256, HashAlgorithmName.SHA384], long.MaxValue, "f");

        Assert.Null(read.Bytes);
        Assert.Equal(SHA256.HashData(bytes), read.Digests![HashAlgorithmName.SHA256]);
        Assert.Equal(SHA384.HashData(bytes), read.Digests[HashAlgorithmName.SHA384]);
    }

    [Fact]
    public void Reading_or_hashing_a_stream_past_the_limit_is_refused()
    {
        var e = Assert.Throws<FileTooLargeException>(() =>
            BoundedFile.ReadOrHash(new MemoryStream(new byte[11]), 4, [HashAlgorithmName.SHA256], 10, "f"));
        Assert.Equal("'f' is larger than the limit of 10 bytes", e.Message);
    }
}
