using System.Text;
using Signet.Client.Log;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Client.Monitoring;

/// <summary>A Rekor v1 log (<c>/api/v1/log</c>, <c>/api/v1/log/proof</c>, <c>/api/v1/log/publicKey</c>) as a monitor reads it.</summary>
public sealed class RekorV1MonitoredLog(RekorLogReader reader) : IMonitoredLog
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
}
