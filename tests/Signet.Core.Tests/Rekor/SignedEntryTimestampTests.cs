using System.Text.Json;
using Signet.Core.Json;
using Signet.Core.Keys;
using Signet.Core.Rekor;

namespace Signet.Core.Tests.Rekor;

/// <summary>The directly written SET payload is byte for byte what RFC 8785 canonicalization of the object gives, and
/// what the log signs is what clients verify.</summary>
public sealed class SignedEntryTimestampTests
{
    public static IEnumerable<object[]> Cases()
    {
        long[] numbers = [0, 1, 9, 10, 1_700_000_000, 123_456_789_012, (1L << 53) - 1, 1L << 53, long.MaxValue];
        var random = new Random(3);
        foreach (var time in numbers)
        {
            foreach (var index in numbers)
            {
                var body = new byte[random.Next(0, 700)];
                random.NextBytes(body);
                yield return [time, index, body];
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Equals_the_canonicalized_json(long integratedTime, long logIndex, byte[] body)
    {
        var logId = new byte[32];
        new Random((int)(logIndex % 1000)).NextBytes(logId);
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["logIndex"] = logIndex,
            ["logID"] = Convert.ToHexStringLower(logId),
            ["integratedTime"] = integratedTime,
            ["body"] = Convert.ToBase64String(body),
        });
        Assert.Equal(Rfc8785.Canonicalize(json), SignedEntryTimestamp.Payload(body, integratedTime, logId, logIndex));
    }

    [Fact]
    public void A_signed_timestamp_verifies_only_for_its_entry()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        byte[] body = [1, 2, 3];
        byte[] logId = [9, 9];
        var set = SignedEntryTimestamp.Sign(key, body, 1_700_000_000, logId, 5);
        Assert.True(SignedEntryTimestamp.Verify(key.PublicKey, set, body, 1_700_000_000, logId, 5));
        Assert.False(SignedEntryTimestamp.Verify(key.PublicKey, set, body, 1_700_000_001, logId, 5));
        Assert.False(SignedEntryTimestamp.Verify(key.PublicKey, set, body, 1_700_000_000, logId, 6));
        Assert.False(SignedEntryTimestamp.Verify(key.PublicKey, set, [1, 2], 1_700_000_000, logId, 5));
        Assert.False(SignedEntryTimestamp.Verify(key.PublicKey, set, body, 1_700_000_000, [9], 5));
    }
}
