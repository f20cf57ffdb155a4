using System.Security.Cryptography;
using Signet.Core.Rekor;

namespace Signet.Core.Tests.Golden;

/// <summary>The Rekor v1 SET payload (RFC 8785 JSON of {body, integratedTime, logID, logIndex}) byte for byte, and the
/// SET: the golden one verifies, and one signed now verifies over the golden payload.</summary>
public sealed class SignedEntryTimestampGoldenTests
{
    private static readonly byte[] Body = GoldenFiles.Bytes("hashedrekord-v001.body.json");

    private static byte[] LogId()
    {
        using var key = GoldenFiles.RekorLogKey();
        return SHA256.HashData(key.PublicKey.SpkiDer);
    }

    [Fact]
    public void The_payload_is_the_golden_bytes()
    {
        Assert.Equal(GoldenFiles.Bytes("set-payload.json"), SignedEntryTimestamp.Payload(Body, GoldenFiles.IntegratedTime, LogId(), GoldenFiles.LogIndex));
    }

    [Fact]
    public void A_payload_with_an_index_beyond_two_to_the_53_is_the_golden_bytes()
    {
        Assert.Equal(GoldenFiles.Bytes("set-payload-large.json"), SignedEntryTimestamp.Payload(Body, GoldenFiles.IntegratedTime, LogId(), GoldenFiles.LargeLogIndex));
    }

    [Fact]
    public void The_golden_set_verifies_and_a_fresh_one_verifies_over_the_golden_payload()
    {
        using var key = GoldenFiles.RekorLogKey();
        var golden = GoldenFiles.Bytes("set.sig");
        Assert.True(SignedEntryTimestamp.Verify(key.PublicKey, golden, Body, GoldenFiles.IntegratedTime, LogId(), GoldenFiles.LogIndex));
        Assert.False(SignedEntryTimestamp.Verify(key.PublicKey, golden, Body, GoldenFiles.IntegratedTime, LogId(), GoldenFiles.LargeLogIndex));

        var fresh = SignedEntryTimestamp.Sign(key, Body, GoldenFiles.IntegratedTime, LogId(), GoldenFiles.LogIndex);
        Assert.True(key.PublicKey.Verify(GoldenFiles.Bytes("set-payload.json"), fresh));
    }
}
