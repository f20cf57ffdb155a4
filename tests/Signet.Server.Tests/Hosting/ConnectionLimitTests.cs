using Signet.Core;
using Signet.Hosting;

namespace Signet.Server.Tests.Hosting;

/// <summary>
/// How many connections a host serves at once (<see cref="ConnectionLimit"/>): what the open-file limit leaves after the
/// server's own descriptors, or <c>--max-connections</c> within it; a limit too low to run on is refused at start.
/// </summary>
public sealed class ConnectionLimitTests
{
    [Theory]
    [InlineData(null, 1024L, 512)]
    [InlineData(100, 1024L, 100)]
    [InlineData(512, 1024L, 512)]
    [InlineData(null, 1_048_576L, 1_048_064)]
    [InlineData(null, 576L, 64)]
    public void The_limit_is_what_the_open_file_limit_leaves_or_what_was_asked_within_it(int? requested, long openFiles, int expected) =>
        Assert.Equal(expected, ConnectionLimit.Resolve(requested, openFiles));

    [Fact]
    public void Without_a_known_open_file_limit_only_what_was_asked_applies()
    {
        Assert.Null(ConnectionLimit.Resolve(null, null));
        Assert.Equal(5000, ConnectionLimit.Resolve(5000, null));
    }

    [Fact]
    public void An_open_file_limit_too_low_for_the_server_is_refused_with_what_to_raise()
    {
        var e = Assert.Throws<SignetConfigurationException>(() => ConnectionLimit.Resolve(null, 256));
        Assert.Equal("the open-file limit is 256: a server keeps 512 descriptors for itself and needs one per connection; raise it to at least 576 (ulimit -n, or LimitNOFILE= in a systemd unit)", e.Message);
        Assert.Throws<SignetConfigurationException>(() => ConnectionLimit.Resolve(null, 575));
    }

    [Fact]
    public void More_connections_than_the_open_file_limit_leaves_room_for_are_refused()
    {
        var e = Assert.Throws<SignetConfigurationException>(() => ConnectionLimit.Resolve(513, 1024));
        Assert.StartsWith("--max-connections 513 is more than the open-file limit of 1024 leaves room for (512", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Fewer_than_one_connection_is_not_a_limit(int requested) =>
        Assert.Throws<ArgumentException>(() => ConnectionLimit.Resolve(requested, 1024));

    [Fact]
    public void The_open_file_limit_read_is_this_process_s_soft_limit()
    {
        var line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.Equal(soft == "unlimited" ? null : long.Parse(soft, System.Globalization.CultureInfo.InvariantCulture), ConnectionLimit.OpenFileLimit());
    }
}
