using System.Runtime.CompilerServices;
using System.Text;
using Signet.Client.Log;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Client.Monitoring;

/// <summary>A Rekor v1 log (<c>/api/v1/log</c>, <c>/api/v1/log/proof</c>, <c>/api/v1/log/publicKey</c>) as a monitor
/// reads it; entries come from <c>/api/v1/log/entries/retrieve</c>, each with its inclusion proof and checkpoint
/// verified (the v1 API serves no tiles).</summary>
public sealed class RekorV1MonitoredLog(RekorLogReader reader) : IMonitoredLog, IMonitoredEntries
{
    /// <inheritdoc/>
    public async Task<LogHead> GetHeadAsync(CancellationToken cancellationToken)
    {
        var info = await reader.GetLogInfoAsync(cancellationToken).ConfigureAwait(false);
        // The log info repeats the checkpoint's size and root outside the signature: they must agree with it.
        var signed = Checkpoint.Parse(SignedNote.Parse(Encoding.UTF8.GetBytes(info.SignedTreeHead)).Text);
        if (signed.Size != info.TreeSize || !signed.RootHash.AsSpan().SequenceEqual(info.RootHash))
        {
            throw new MerkleProofException("the log info's size or root differs from its signed checkpoint");
        }

        return new LogHead(info.SignedTreeHead, info.TreeId);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<byte[]>> GetConsistencyProofAsync(ulong firstSize, ulong lastSize, CancellationToken cancellationToken) =>
        (await reader.GetConsistencyProofAsync(firstSize, lastSize, cancellationToken).ConfigureAwait(false)).Hashes;

    /// <inheritdoc/>
    public Task<string> GetPublicKeyPemAsync(CancellationToken cancellationToken) => reader.GetPublicKeyPemAsync(cancellationToken);

    /// <inheritdoc/>
    public async IAsyncEnumerable<MonitoredEntry> ReadEntriesAsync(ulong start, LogTreeHead tree, VerificationKey logKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tree);
        for (var at = start; at < tree.Size;)
        {
            var count = (int)Math.Min((ulong)RekorLogReader.MaxRetrieve, tree.Size - at);
            var batch = await reader.RetrieveByIndexesAsync(Enumerable.Range(0, count).Select(i => at + (ulong)i).ToList(), cancellationToken).ConfigureAwait(false);
            foreach (var entry in batch.OrderBy(e => e.LogIndex))
            {
                if (entry.LogIndex != at)
                {
                    throw new MerkleProofException($"the log answered entry {entry.LogIndex} for index {at}");
                }

                // Each entry is proven in a checkpoint the log signed (its inclusion proof, the checkpoint, the SET).
                RekorLogVerifier.VerifyEntry(entry, logKey);
                yield return new MonitoredEntry(at, entry.Body, entry.IntegratedTime);
                at++;
            }

            if (batch.Count < count)
            {
                throw new MerkleProofException($"the log holds no entry {at} below its size {tree.Size}");
            }
        }
    }

    /// <inheritdoc/>
    public EntryMaterial ReadMaterial(MonitoredEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return EntryMaterial.FromRekorBody(entry.Body);
    }
}
