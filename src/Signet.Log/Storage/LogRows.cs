using System.Data.Common;

namespace Signet.Log.Storage;

/// <summary>
/// Reads the rows every SQL driver returns in the same shape (ADO.NET, so SQLite and PostgreSQL share it): entries
/// as <c>(idx, body, integrated_time)</c>, indices as <c>(idx)</c>, the integrated state as
/// <c>(size, root, frontier, checkpoint)</c>.
/// </summary>
internal static class LogRows
{
    public static async Task<IReadOnlyList<StoredEntry>> EntriesAsync(DbDataReader reader, int expected, CancellationToken cancellationToken)
    {
        var list = new List<StoredEntry>(Math.Min(expected, 4096));
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new StoredEntry((ulong)reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetInt64(2)));
        }

        return list;
    }

    public static async Task<IReadOnlyList<ulong>> IndicesAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var list = new List<ulong>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add((ulong)reader.GetInt64(0));
        }

        return list;
    }

    public static async Task<IntegratedState?> IntegratedStateAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new IntegratedState((ulong)reader.GetInt64(0), (byte[])reader.GetValue(1), FrontierCodec.Decode((byte[])reader.GetValue(2)), (byte[])reader.GetValue(3));
    }

    /// <summary>The end (exclusive) of the range [start, start + count), clamped to the largest stored index.</summary>
    public static long End(ulong start, int count) => (long)Math.Min(long.MaxValue, (decimal)start + count);
}
