using Signet.Log.Storage;

namespace Signet.Log.Tests.Storage;

public sealed class DurableFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-durable-").FullName;

    [Fact]
    public void A_batch_lands_every_file_with_its_bytes_and_leaves_no_temporary_files()
    {
        var files = Enumerable.Range(0, 20)
            .Select(i => (Path.Combine(_dir, "tile", (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture), $"{i}"), (ReadOnlyMemory<byte>)new byte[] { (byte)i, 1, 2 }))
            .ToList();
        DurableFiles.Publish(files, overwrite: false);
        foreach (var (path, data) in files)
        {
            Assert.Equal(data.ToArray(), File.ReadAllBytes(path));
        }

        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Immutable_objects_are_not_rewritten_but_the_checkpoint_is_replaced()
    {
        var path = Path.Combine(_dir, "a");
        DurableFiles.Publish([(path, new byte[] { 1 })], overwrite: false);
        DurableFiles.Publish([(path, new byte[] { 2 })], overwrite: false);
        Assert.Equal([1], File.ReadAllBytes(path));
        DurableFiles.Publish([(path, new byte[] { 3 })], overwrite: true);
        Assert.Equal([3], File.ReadAllBytes(path));
    }

    [Fact]
    public void Syncing_a_directory_that_does_not_exist_fails()
    {
        Assert.Throws<IOException>(() => DurableFiles.SyncDirectory(Path.Combine(_dir, "missing")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
