using Signet.Core.Bundles;
using Signet.Core.Json;

namespace Signet.Core.Tests.Json;

/// <summary>
/// The proto3 JSON mapping's <c>google.protobuf.Timestamp</c>: generated output is Z-normalized with 0, 3, 6 or 9
/// fractional digits. Signet's log keys open at a time with .NET's 100 ns ticks, which were written with seven digits
/// ("22:33:02.5646195Z") into the trusted root and signing config that other clients read.
/// </summary>
public sealed class ProtobufTimestampTests
{
    [Theory]
    [InlineData(0L, "2026-12-07T22:33:02Z")]
    [InlineData(5_000_000L, "2026-12-07T22:33:02.500Z")]
    [InlineData(1_230_000L, "2026-12-07T22:33:02.123Z")]
    [InlineData(1_234_560L, "2026-12-07T22:33:02.123456Z")]
    [InlineData(5_646_195L, "2026-12-07T22:33:02.564619500Z")]
    [InlineData(1L, "2026-12-07T22:33:02.000000100Z")]
    public void Fractions_are_written_with_0_3_6_or_9_digits(long ticks, string expected)
    {
        var t = new DateTimeOffset(2026, 12, 7, 22, 33, 2, TimeSpan.Zero).AddTicks(ticks);
        Assert.Equal(expected, ProtobufJson.FormatTimestamp(t));
    }

    [Fact]
    public void An_offset_is_normalized_to_utc()
    {
        var t = new DateTimeOffset(2026, 12, 8, 0, 33, 2, TimeSpan.FromHours(2));
        Assert.Equal("2026-12-07T22:33:02Z", ProtobufJson.FormatTimestamp(t));
    }

    [Fact]
    public void A_validity_range_round_trips_through_the_signing_config_to_the_tick()
    {
        var start = new DateTimeOffset(2026, 12, 7, 22, 33, 2, TimeSpan.Zero).AddTicks(5_646_195);
        var config = new SigningConfig(MediaTypes.SigningConfigV02,
            [], [], [new Service("https://log.example", 2, new TimeRange(start, null), "x")], null, [], null);
        var json = System.Text.Encoding.UTF8.GetString(config.ToJson());
        Assert.Contains("\"start\":\"2026-12-07T22:33:02.564619500Z\"", json, StringComparison.Ordinal);
        Assert.Equal(start, SigningConfig.Parse(config.ToJson()).RekorTlogUrls[0].ValidFor!.Start);
    }
}
