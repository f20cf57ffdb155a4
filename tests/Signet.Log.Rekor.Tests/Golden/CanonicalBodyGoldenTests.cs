using System.Text;
using Signet.Log.Rekor.Entries;

namespace Signet.Log.Rekor.Tests.Golden;

/// <summary>Each golden request is accepted and stored as the golden canonical body, under the golden search keys
/// (tests/Signet.Core.Tests/TestData/Golden).</summary>
public sealed class CanonicalBodyGoldenTests
{
    private static byte[] Golden(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    [Theory]
    [InlineData("hashedrekord-v001", "hashedrekord", "0.0.1", false)]
    [InlineData("hashedrekord-v001-cert", "hashedrekord", "0.0.1", false)]
    [InlineData("hashedrekord-v002", "hashedrekord", "0.0.2", true)]
    [InlineData("hashedrekord-v002-key", "hashedrekord", "0.0.2", true)]
    [InlineData("dsse-v001", "dsse", "0.0.1", false)]
    [InlineData("intoto-v002", "intoto", "0.0.2", false)]
    public void The_request_becomes_the_golden_body(string name, string kind, string version, bool rekorV2)
    {
        var request = Golden(name + ".request.json");
        var entry = rekorV2 ? EntryRequests.FromCreateEntryRequest(request) : EntryRequests.FromProposedEntry(request);
        Assert.Equal((kind, version), (entry.Kind, entry.ApiVersion));
        Assert.Equal(Golden(name + ".body.json"), entry.Body);
        var keys = Encoding.UTF8.GetString(Golden(name + ".search-keys.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(keys, entry.SearchKeys);
    }

    [Fact]
    public void Intoto_001_is_read_but_not_accepted()
    {
        var request = Encoding.UTF8.GetString(Golden("intoto-v001.body.json"));
        Assert.Throws<Signet.Core.SignetFormatException>(() => EntryRequests.FromProposedEntry(Encoding.UTF8.GetBytes(request)));
    }
}
