using System.Text;
using Signet.Core;
using Signet.Core.Merkle;

namespace Signet.Log.Rekor.Tests;

/// <summary>The Rekor v2 write API over a real engine, without HTTP.</summary>
public sealed class RekorV2ApiTests
{
    [Fact]
    public async Task A_created_entry_is_a_transparency_log_entry_under_the_v2_log_id()
    {
        await using var log = await RekorLogFixture.StartAsync();
        var tle = await log.V2.CreateEntryAsync(RekorRequests.HashedRekordV002(Encoding.UTF8.GetBytes("v2 artifact")), default);
        Assert.Equal("0", (string)tle["logIndex"]!);
        Assert.Equal(Convert.ToBase64String(log.Keys.Checkpoint.LogId), (string)tle["logId"]!["keyId"]!);
        Assert.Equal("hashedrekord", (string)tle["kindVersion"]!["kind"]!);
        Assert.Equal("0.0.2", (string)tle["kindVersion"]!["version"]!);
        Assert.Null(tle["integratedTime"]); // Rekor v2 has neither integrated time nor SET
        var body = Convert.FromBase64String((string)tle["canonicalizedBody"]!);
        var proof = tle["inclusionProof"]!;
        Assert.Equal("1", (string)proof["treeSize"]!);
        Assert.Equal(Encoding.UTF8.GetString(log.Log.Reader.Latest.Checkpoint), (string)proof["checkpoint"]!["envelope"]!);
        Assert.Equal(Rfc6962.HashLeaf(body), Convert.FromBase64String((string)proof["rootHash"]!)); // a tree of one leaf
    }

    [Fact]
    public async Task A_v1_request_is_not_a_v2_request()
    {
        await using var log = await RekorLogFixture.StartAsync();
        await Assert.ThrowsAsync<SignetFormatException>(() => log.V2.CreateEntryAsync(RekorRequests.HashedRekordV001([1]), default));
        Assert.Equal(0UL, log.Log.Reader.Latest.Size);
    }
}
