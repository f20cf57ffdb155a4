namespace Signet.Files.Tests;

public sealed class DurableFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-files-").FullName;

    [Fact]
    public void Replace_writes_the_bytes_over_an_existing_file_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_dir, "state.json");
        File.WriteAllText(path, "old");
        DurableFile.Replace(path, "new\n");
        Assert.Equal("new\n"u8.ToArray(), File.ReadAllBytes(path)); // UTF-8 without a byte order mark
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void CreateNew_refuses_an_existing_file_and_leaves_it_as_it_was()
    {
        var path = Path.Combine(_dir, "key.pem");
        DurableFile.CreateNew(path, "first");
        Assert.Throws<IOException>(() => DurableFile.CreateNew(path, "second"));
        Assert.Equal("first", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Of_creators_of_one_file_at_once_exactly_one_succeeds_and_its_bytes_stay()
    {
        // Two `signet serve` starting on one data directory, six `generate-key-pair` on one prefix: each must either
        // have made the file it reports or be refused — never both succeed and one's file replace the other's.
        const int Writers = 8;
        for (var round = 0; round < 300; round++)
        {
            var path = Path.Combine(_dir, $"key{round}.pem");
            using var start = new Barrier(Writers);
            var made = new bool[Writers];
            var threads = Enumerable.Range(0, Writers).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    DurableFile.CreateNew(path, $"writer {i}");
                    made[i] = true;
                }
                catch (IOException)
                {
                    // refused: another writer's file is there
                }
            })).ToArray();
            foreach (var t in threads)
            {
                t.Start();
            }

            foreach (var t in threads)
            {
                t.Join();
            }

            var winner = Assert.Single(Enumerable.Range(0, Writers), i => made[i]);
            Assert.Equal($"writer {winner}", File.ReadAllText(path));
        }

        Assert.Empty(Directory.GetFiles(_dir, ".*.tmp"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Files_are_created_with_their_mode_private_for_secrets()
    {
        var secret = Path.Combine(_dir, "secret.pem");
        var shared = Path.Combine(_dir, "root.json");
        DurableFile.CreateNew(secret, "k");
        DurableFile.Replace(shared, "r");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secret));
        Assert.Equal(DurableFile.Readable & ~Umask(), File.GetUnixFileMode(shared));
    }

    [Fact]
    public async Task ReplaceAsync_writes_the_bytes_and_a_cancelled_write_leaves_the_old_file()
    {
        var path = Path.Combine(_dir, "extra");
        await DurableFile.ReplaceAsync(path, new byte[] { 1, 2, 3 }, CancellationToken.None);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DurableFile.ReplaceAsync(path, new byte[] { 9 }, new CancellationToken(canceled: true)));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Writing_into_a_missing_directory_fails_without_creating_it()
    {
        var path = Path.Combine(_dir, "missing", "file");
        Assert.ThrowsAny<IOException>(() => DurableFile.Replace(path, "x"));
        Assert.False(Directory.Exists(Path.Combine(_dir, "missing")));
    }

    [Fact]
    public void Syncing_a_directory_that_does_not_exist_fails()
    {
        Assert.Throws<IOException>(() => DurableFile.SyncDirectory(Path.Combine(_dir, "missing")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The process's umask, read back from a file created with 0666 (what the mode of a new file is filtered through).
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private UnixFileMode Umask()
    {
        var probe = Path.Combine(_dir, ".probe");
        using (File.Create(probe))
        {
        }

        var mode = File.GetUnixFileMode(probe);
        File.Delete(probe);
        return (UnixFileMode)0b110_110_110 & ~mode;
    }
}
