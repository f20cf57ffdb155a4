using Signet.Tuf.Client;

namespace Signet.Tuf.Tests;

/// <summary>
/// The trust store's lock file (flock on Linux: two handles conflict even within one process, as two processes'
/// do): writers exclude everyone, readers only writers; a wait that runs out is a clear refusal, not a hang; and
/// processes that find one empty store at once bootstrap it once, the others reading what the first wrote.
/// </summary>
public sealed class TrustStoreLockTests : IDisposable
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);
    private readonly TestRepository _t = new();

    public void Dispose() => _t.Dispose();

    private string Folder => Path.Combine(_t.Folder, "store");

    private IDisposable Take(bool exclusive, Action? waiting = null) =>
        TrustStoreLock.Acquire(Folder, exclusive, Short, waiting, CancellationToken.None);

    [Fact]
    public void A_writer_excludes_writers_and_readers_until_it_releases_the_store()
    {
        var waits = 0;
        using (Take(exclusive: true))
        {
            var writer = Assert.Throws<TufException>(() => Take(exclusive: true, () => waits++));
            Assert.Equal(TufErrorCode.StoreBusy, writer.Code);
            Assert.Equal(Core.SignetErrorKind.Unavailable, writer.ErrorKind);
            Assert.Contains(TrustStoreLock.FileName, writer.Message, StringComparison.Ordinal);
            Assert.Equal(1, waits); // told once, not once per poll

            Assert.Equal(TufErrorCode.StoreBusy, Assert.Throws<TufException>(() => Take(exclusive: false)).Code);
        }

        using (Take(exclusive: true))
        {
        }
    }

    [Fact]
    public void Readers_share_the_store_and_keep_a_writer_out()
    {
        Directory.CreateDirectory(Folder);
        using (Take(exclusive: false))
        using (Take(exclusive: false))
        {
            Assert.Equal(TufErrorCode.StoreBusy, Assert.Throws<TufException>(() => Take(exclusive: true)).Code);
        }

        using (Take(exclusive: true))
        {
        }
    }

    [Fact]
    public async Task A_waiting_writer_gets_the_store_when_the_holder_releases_it()
    {
        var holder = Take(exclusive: true);
        var waiting = new TaskCompletionSource();
        var writer = Task.Run(() => TrustStoreLock.Acquire(Folder, exclusive: true, TimeSpan.FromSeconds(30), waiting.SetResult, CancellationToken.None));
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(writer.IsCompleted);

        holder.Dispose();
        (await writer.WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
    }

    [Fact]
    public async Task A_cancelled_wait_stops_at_once()
    {
        using var holder = Take(exclusive: true);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Task.Run(() => TrustStoreLock.Acquire(Folder, exclusive: true, TimeSpan.FromMinutes(5), null, cancel.Token)));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void A_reader_of_a_store_whose_lock_cannot_be_taken_reads_without_it()
    {
        // A folder in the lock file's place cannot be opened as a file: the same refusal a read-only store gives.
        Directory.CreateDirectory(Path.Combine(Folder, TrustStoreLock.FileName));
        using (Take(exclusive: false))
        {
        }

        // A writer is told which store and what to set (a container's user with HOME=/ met .NET's "Access … denied").
        var refused = Assert.Throws<Signet.Core.SignetConfigurationException>(() => Take(exclusive: true));
        Assert.IsType<UnauthorizedAccessException>(refused.InnerException);
        Assert.StartsWith($"the TUF trust store {Folder} cannot be written (", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reader_of_a_folder_that_does_not_exist_is_told_the_store_is_absent()
    {
        var store = new TrustRootStore(Folder);
        Assert.Equal(TufErrorCode.NotInitialized, Assert.Throws<TufException>(() => _ = store.Mirror).Code);
        var e = Assert.Throws<TufException>(() => store.LoadCachedTarget(TrustRootStore.TrustedRootTarget, _t.Time.GetUtcNow()));
        Assert.Equal(TufErrorCode.NotInitialized, e.Code);
        Assert.False(Directory.Exists(Folder)); // a read creates nothing
    }

    [Fact]
    public async Task Processes_that_find_the_store_empty_at_once_bootstrap_it_once()
    {
        var root = _t.ReadPublished("1.root.json");
        var expected = await new CachedTrustRoot(new TrustRootStore(Path.Combine(_t.Folder, "alone")), _ => _t.Remote,
            new Uri("http://mirror.invalid/"), root, _t.Time).TrustedRootAsync();
        var alone = _t.Remote.Requests.Count;
        _t.Remote.Requests.Clear();

        // Threads, not pool tasks: all eight run at once however few cores and pool threads there are.
        using var start = new ManualResetEventSlim();
        var users = Enumerable.Range(0, 8).Select(_ =>
        {
            var done = new TaskCompletionSource<CachedTarget>();
            new Thread(() =>
            {
                start.Wait();
                try
                {
                    done.SetResult(new CachedTrustRoot(new TrustRootStore(Folder), _ => _t.Remote, new Uri("http://mirror.invalid/"), root, _t.Time)
                        .TrustedRootAsync().GetAwaiter().GetResult());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            }).Start();
            return done.Task;
        }).ToArray();
        start.Set();

        foreach (var target in await Task.WhenAll(users))
        {
            Assert.Equal(expected.Data, target.Data);
            Assert.Null(target.StaleWarning);
        }

        Assert.Equal(alone, _t.Remote.Requests.Count);
    }
}
