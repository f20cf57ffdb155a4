using Signet.Core.Keys;
using Signet.Log.Engine;
using Signet.Server.Log;

namespace Signet.Server.Tests.Golden;

/// <summary>The SET the Rekor v1 API returns verifies over the golden payload (tests/Signet.Core.Tests/TestData/Golden).</summary>
public sealed class SignedEntryTimestampGoldenTests
{
    private static byte[] Golden(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    [Fact]
    public void The_log_signs_the_golden_payload()
    {
        using var signing = SigningKey.FromPem(System.Text.Encoding.UTF8.GetString(Golden("inputs/rekor-log-key.pem")));
        using var key = RekorV1Key.FromKey(signing, "golden.example.com");
        var body = Golden("hashedrekord-v001.body.json");
        var set = RekorV1Json.SignedEntryTimestamp(key, Convert.ToBase64String(body), 1_704_067_200, Convert.ToHexStringLower(key.LogId), 42);
        Assert.True(key.PublicKey.Verify(Golden("set-payload.json"), set));
        Assert.True(key.PublicKey.Verify(Golden("set-payload.json"), Golden("set.sig")));
    }
}
