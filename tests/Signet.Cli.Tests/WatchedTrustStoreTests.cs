using System.Text;
using Signet.Cli.Commands;
using Signet.Tuf.Client;

namespace Signet.Cli.Tests;

/// <summary>
/// <c>signet admission serve</c> without <c>--trusted-root</c> reads the TUF trust store every 10 minutes: a mirror that
/// cannot be reached is warned of once, not at every read for as long as it lasts (the log filled with the same line
/// six times an hour), and again once it comes back after a refresh or for another reason.
/// </summary>
public sealed class WatchedTrustStoreTests
{
    [Fact]
    public async Task A_stale_trust_store_is_warned_of_once_until_it_changes_or_recovers()
    {
        const string unreachable = "could not refresh the trust root from https://tuf.example (connection refused); using the cached one, updated 2026-12-01 10:00:00Z";
        const string timedOut = "could not refresh the trust root from https://tuf.example (timed out); using the cached one, updated 2026-12-01 10:00:00Z";
        var reads = new Queue<string?>([unreachable, unreachable, unreachable, null, unreachable, timedOut, timedOut]);
        var root = Encoding.UTF8.GetBytes("{}");
        using var warnings = new StringWriter();
        var source = TrustedRootSource.FromTrustStore(_ => Task.FromResult(new CachedTarget(root, reads.Dequeue())), warnings);

        while (reads.Count > 0)
        {
            Assert.Same(root, await source.ReadAsync(CancellationToken.None));
        }

        Assert.Equal(
            [$"signet: warning: {unreachable}", $"signet: warning: {unreachable}", $"signet: warning: {timedOut}"],
            warnings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(TimeSpan.FromMinutes(10), source.Poll);
    }
}
