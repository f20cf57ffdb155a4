using Microsoft.Extensions.Time.Testing;
using Signet.Server.Rotation;

namespace Signet.Server.Tests.Rotation;

/// <summary>
/// A rotation's time is a whole second that has come: the next one when the clock is inside a second, so an SCT or an
/// RFC 3161 time the old key signed earlier in that second falls inside the old key's window, not between the two.
/// </summary>
public sealed class RotationTimeTests
{
    [Fact]
    public void Inside_a_second_the_rotation_is_the_next_whole_second()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, 750, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 12, 0, 1, TimeSpan.Zero), KeyRotation.Time(clock));
    }

    [Fact]
    public void On_a_whole_second_the_rotation_is_that_second()
    {
        var second = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(second, KeyRotation.Time(new FakeTimeProvider(second)));
    }
}
