using System.Text.Json;
using Signet.Core.Bundle;
using Signet.Core.Encoding;
using Signet.Core.Verification;

namespace Signet.Core.Tests.Verification;

/// <summary>The directly written SET payload is byte for byte what RFC 8785 canonicalization of the object gives.</summary>
public sealed class SignedEntryTimestampPayloadTests
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
        var entry = new TransparencyLogEntry(logIndex, logId, new KindVersion("hashedrekord", "0.0.1"), integratedTime, [1], null, body);

        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["logIndex"] = logIndex,
            ["logID"] = Convert.ToHexStringLower(logId),
            ["integratedTime"] = integratedTime,
            ["body"] = Convert.ToBase64String(body),
        });
        Assert.Equal(JsonCanonicalizer.Canonicalize(json), TransparencyLogVerifier.SignedEntryTimestampPayload(entry));
    }
}
