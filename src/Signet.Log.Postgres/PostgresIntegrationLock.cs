using System.Data;
using Npgsql;

namespace Signet.Log.Postgres;

/// <summary>
/// The log's integration lock across front ends: a PostgreSQL session advisory lock, kept by the front end that took
/// it from round to round on a connection of its own (a lease) until its integration loop stops, it is disposed, or
/// its session ends (a killed front end's connection closes and PostgreSQL releases the lock). Keeping it means one
/// front end integrates with its tree state in memory instead of the role moving from round to round and each new
/// holder reloading the right edge from the database; the others, refused, ask again at most every
/// <see cref="RetryInterval"/>, so following costs them no lock round trip per change. Correctness never rests on the
/// lock: the integrated state is committed with compare-and-set and tiles are immutable.
/// </summary>
internal sealed class PostgresIntegrationLock(NpgsqlDataSource db, long key) : IAsyncDisposable
{
    /// <summary>How often a front end that was refused asks again (the longest extra delay of a take-over).</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the holder checks that its session (hence the lock) is still alive.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>Releases every session advisory lock of the connection (the lock is re-entrant, so a count of takes
    /// would otherwise have to be kept; the connection holds no other).</summary>
    private const string UnlockAll = "SELECT pg_advisory_unlock_all()";

    private readonly SemaphoreSlim _inProcess = new(1, 1); // one round at a time in this process
    private NpgsqlConnection? _held;
    private CancellationTokenRegistration _releaseOnStop;
    private long _retryAt; // Environment.TickCount64 before which a refused take is not asked again
    private long _checkAt;

    /// <summary>Whether a round started now could integrate: this front end holds the lock, or may ask for it again.</summary>
    public bool MayIntegrate => Volatile.Read(ref _held) is not null || Environment.TickCount64 >= Volatile.Read(ref _retryAt);

    /// <summary>Runs <paramref name="integrate"/> holding the lock (taking it if this front end does not hold it yet);
    /// false when another front end or another round of this one holds it. The lock is kept after the round and given
    /// up when <paramref name="cancellationToken"/> is cancelled (the integration loop stops).</summary>
    public async Task<bool> TryRunAsync(Func<CancellationToken, Task> integrate, CancellationToken cancellationToken)
    {
        if (!await _inProcess.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            if (!await HoldAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            await integrate(cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _inProcess.Release();
        }
    }

    /// <summary>Gives the lock up (waiting for a round in progress) and closes its connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _inProcess.WaitAsync().ConfigureAwait(false);
        try
        {
            await ReleaseHeldAsync().ConfigureAwait(false);
        }
        finally
        {
            _inProcess.Release();
        }
    }

    private async Task<bool> HoldAsync(CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (_held is { } held)
        {
            if (held.FullState == ConnectionState.Open && (now < _checkAt || await AliveAsync(held, cancellationToken).ConfigureAwait(false)))
            {
                return true;
            }

            await ReleaseHeldAsync().ConfigureAwait(false); // the session is gone, and the lock with it
        }

        if (now < _retryAt)
        {
            return false;
        }

        var conn = await db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        bool taken;
        try
        {
            await using var take = PostgresCommands.Command(conn, null, "SELECT pg_try_advisory_lock($1)");
            take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            taken = (bool)(await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch
        {
            // Cancelled or failed after the server may have granted the lock: unlock before the session is pooled again.
            await PostgresCommands.UndoSessionStateAsync(conn, UnlockAll).ConfigureAwait(false);
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (!taken)
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            Volatile.Write(ref _retryAt, Environment.TickCount64 + (long)RetryInterval.TotalMilliseconds);
            return false;
        }

        _held = conn;
        _checkAt = Environment.TickCount64 + (long)CheckInterval.TotalMilliseconds;
        _releaseOnStop = cancellationToken.Register(() => _ = Task.Run(ReleaseOnStopAsync, CancellationToken.None));
        return true;
    }

    private async Task<bool> AliveAsync(NpgsqlConnection held, CancellationToken cancellationToken)
    {
        try
        {
            await PostgresCommands.ExecAsync(held, null, "SELECT 1", cancellationToken).ConfigureAwait(false);
            _checkAt = Environment.TickCount64 + (long)CheckInterval.TotalMilliseconds;
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            return false;
        }
    }

    private async Task ReleaseOnStopAsync()
    {
        try
        {
            await DisposeAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // the store was disposed first, which released the lock
        }
    }

    /// <summary>Unlocks (when the session still works) and closes the held connection; called under the in-process lock.</summary>
    private async Task ReleaseHeldAsync()
    {
        if (_held is not { } held)
        {
            return;
        }

        _held = null;
        await _releaseOnStop.DisposeAsync().ConfigureAwait(false);
        try
        {
            // Skipped for a broken session: PostgreSQL released its locks when it ended.
            await PostgresCommands.UndoSessionStateAsync(held, UnlockAll).ConfigureAwait(false);
        }
        finally
        {
            await held.DisposeAsync().ConfigureAwait(false);
        }
    }
}
