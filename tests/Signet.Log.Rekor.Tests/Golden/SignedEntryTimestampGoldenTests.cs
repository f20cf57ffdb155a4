using Signet.Core.Keys;

namespace Signet.Log.Rekor.Tests.Golden;

/// <summary>The SET the Rekor v1 API returns (its log key signs it) verifies over the golden payload (tests/Signet.Core.Tests/TestData/Golden).</summary>
public sealed class SignedEntryTimestampGoldenTests
{
    private static byte[] Golden(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    [Fact]
    public void The_log_signs_the_golden_payload()
    {
        using var signing = SigningKey.FromPem(System.Text.Encoding.UTF8.GetString(Golden("inputs/rekor-log-key.pem")));
        using var key = RekorV1Key.FromKey(signing, "golden.example.com");
        var body = Golden("hashedrekord-v001.body.json");
        var set = key.SignEntryTimestamp(body, 1_704_067_200, 42);
        Assert.True(key.PublicKey.Verify(Golden("set-payload.json"), set));
        Assert.True(key.PublicKey.Verify(Golden("set-payload.json"), Golden("set.sig")));
    }
}
