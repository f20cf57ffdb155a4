using System.Security.Cryptography;
using Signet.Core.Bundle;
using Signet.Core.Verification;

namespace Signet.Core.Tests.Golden;

/// <summary>The Rekor v1 SET payload (RFC 8785 JSON of {body, integratedTime, logID, logIndex}) byte for byte, and a
/// SET made by the log that verifies over it.</summary>
public sealed class SignedEntryTimestampGoldenTests
{
    private static TransparencyLogEntry Entry(long logIndex, byte[]? set = null)
    {
        using var key = GoldenFiles.RekorLogKey();
        return new TransparencyLogEntry(
            logIndex,
            SHA256.HashData(key.PublicKey.SpkiDer),
            new KindVersion("hashedrekord", "0.0.1"),
            GoldenFiles.IntegratedTime,
            set,
            null,
            GoldenFiles.Bytes("hashedrekord-v001.body.json"));
    }

    [Fact]
    public void The_payload_is_the_golden_bytes()
    {
        Assert.Equal(GoldenFiles.Bytes("set-payload.json"), TransparencyLogVerifier.SignedEntryTimestampPayload(Entry(GoldenFiles.LogIndex)));
    }

    [Fact]
    public void A_payload_with_an_index_beyond_two_to_the_53_is_the_golden_bytes()
    {
        Assert.Equal(GoldenFiles.Bytes("set-payload-large.json"), TransparencyLogVerifier.SignedEntryTimestampPayload(Entry(GoldenFiles.LargeLogIndex)));
    }

    [Fact]
    public void The_golden_set_verifies_and_a_flipped_one_does_not()
    {
        using var key = GoldenFiles.RekorLogKey();
        var set = GoldenFiles.Bytes("set.sig");
        Assert.True(key.PublicKey.Verify(GoldenFiles.Bytes("set-payload.json"), set));
        Assert.False(key.PublicKey.Verify(GoldenFiles.Bytes("set-payload-large.json"), set));
    }
}
