using Signet.Core;
using Signet.Files;

namespace Signet.Server;

/// <summary>
/// The lock a <c>signet serve</c> (or <c>signet witness serve</c>) holds on its data directory while it starts
/// (<c>DATA/serve-start.lock</c>, a <see cref="FileLock"/>), released once it listens and has written its trust material
/// (a witness: once its key and database are open). A first start makes keys,
/// CA and TSA chains and the TUF repository, each created only when absent; two front ends started at once on one data
/// directory each made their own, and the one that lost the race stopped ("the file DATA/keys/tsa.key.pem already
/// exists", 4 of 10 starts) or failed its TUF repository. Taking turns, the second loads what the first made.
/// </summary>
internal static class StartLock
{
    /// <summary>The lock file's name in the data directory.</summary>
    public const string FileName = "serve-start.lock";

    /// <summary>How long a start waits for another: a start that opens a PKCS#11 token or waits for its database takes
    /// seconds, not minutes.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    /// <exception cref="SignetConfigurationException">Another start held it for longer than <see cref="Wait"/>.</exception>
    public static FileLock Acquire(string dataDirectory, Action? waiting, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, FileName);
        return FileLock.TryAcquire(path, exclusive: true, Wait, waiting, cancellationToken)
            ?? throw new SignetConfigurationException(
                $"another server has been starting on {dataDirectory} for more than {Wait.TotalSeconds:0} s (it holds {path})");
    }
}
