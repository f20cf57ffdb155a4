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
        DurableFiles.Publish(files, overwrite: false, new DirectoryTracker(_dir));
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
        var tracker = new DirectoryTracker(_dir);
        DurableFiles.Publish([(path, new byte[] { 1 })], overwrite: false, tracker);
        DurableFiles.Publish([(path, new byte[] { 2 })], overwrite: false, tracker);
        Assert.Equal([1], File.ReadAllBytes(path));
        DurableFiles.Publish([(path, new byte[] { 3 })], overwrite: true, tracker);
        Assert.Equal([3], File.ReadAllBytes(path));
    }

    [Fact]
    public void A_new_directory_syncs_its_ancestors_up_to_the_root_once()
    {
        var tracker = new DirectoryTracker(_dir);
        var deep = Path.Combine(_dir, "tile", "0", "x001");
        var synced = DurableFiles.Publish([(Path.Combine(deep, "000"), new byte[] { 1 })], overwrite: false, tracker);
        Assert.Equal(new[] { deep, Path.Combine(_dir, "tile", "0"), Path.Combine(_dir, "tile"), _dir }.Order(), synced.Order());

        // Known durable now: the next file there syncs only its own directory, even one that already exists (an
        // earlier attempt may have renamed it into place and failed before syncing).
        synced = DurableFiles.Publish([(Path.Combine(deep, "001"), new byte[] { 2 })], overwrite: false, tracker);
        Assert.Equal([deep], synced);
        synced = DurableFiles.Publish([(Path.Combine(deep, "001"), new byte[] { 2 })], overwrite: false, tracker);
        Assert.Equal([deep], synced);

        // A new process (tracker) re-syncs the chain the first time, even if the file is already there.
        synced = DurableFiles.Publish([(Path.Combine(deep, "001"), new byte[] { 2 })], overwrite: false, new DirectoryTracker(_dir));
        Assert.Contains(Path.Combine(_dir, "tile"), synced);
        Assert.Throws<ArgumentException>(() => DurableFiles.Publish([(Path.Combine(Path.GetTempPath(), "elsewhere"), new byte[] { 1 })], overwrite: false, tracker));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
