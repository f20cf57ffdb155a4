using Microsoft.Extensions.Time.Testing;

namespace Signet.Files.Tests;

/// <summary>What a file holds, looked at no more often than the interval, through links that never change themselves
/// (a Kubernetes volume's <c>NAME → ..data/NAME</c>, updated by pointing <c>..data</c> elsewhere).</summary>
public sealed class FileContentCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-content-check-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    [Fact]
    public void A_change_behind_an_unchanged_link_is_seen_once_and_only_after_the_interval()
    {
        Directory.CreateDirectory(P("v1"));
        File.WriteAllText(P("v1/tls.crt"), "first");
        File.CreateSymbolicLink(P("..data"), "v1");
        File.CreateSymbolicLink(P("tls.crt"), "..data/tls.crt");
        var check = new FileContentCheck([P("tls.crt")], TimeSpan.FromSeconds(2), 1024, _time);

        Directory.CreateDirectory(P("v2"));
        File.WriteAllText(P("v2/tls.crt"), "second"); // same link, another folder behind it
        File.Delete(P("..data"));
        File.CreateSymbolicLink(P("..data"), "v2");
        Assert.False(check.Changed()); // not looked at yet
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(check.Changed());
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(check.Changed()); // told once
    }

    [Fact]
    public void The_same_bytes_written_again_are_no_change_and_a_removed_or_oversized_file_is_one()
    {
        File.WriteAllText(P("config.json"), "{}");
        var check = new FileContentCheck([P("config.json")], TimeSpan.Zero, 16, _time);

        File.WriteAllText(P("config.json"), "{}");
        Assert.False(check.Changed());
        File.Delete(P("config.json"));
        Assert.True(check.Changed());
        File.WriteAllText(P("config.json"), new string('x', 17));
        Assert.False(check.Changed()); // over the limit counts as absent, as the removed file did
        File.WriteAllText(P("config.json"), "{}");
        Assert.True(check.Changed());
    }
}
