namespace Signet.Server.Tests;

/// <summary>
/// <see cref="SignetServerOptions.Validate"/> refuses, before anything is written or connected, the settings that
/// used to end <c>signet serve</c> as an internal error (exit 70) or start a server that cannot work: an empty
/// service list, a public URL that is not an http(s) base URL, a log origin no checkpoint can carry, a PostgreSQL
/// connection string Npgsql cannot read. (No service at all is refused only without the development issuer, which may run alone.)
/// </summary>
public sealed class ServerOptionsValidationTests
{
    private static SignetServerOptions Options() => new() { DataDirectory = "/tmp/unused", Listen = "127.0.0.1:0" };

    private static string Refusal(SignetServerOptions options) => Assert.Throws<ArgumentException>(options.Validate).Message;

    [Fact]
    public void No_service_is_refused_unless_the_development_issuer_is_served()
    {
        Assert.StartsWith("--services names no service", Refusal(Options() with { Services = new HashSet<string>() }), StringComparison.Ordinal);
        (Options() with { Services = new HashSet<string>(), DevOidc = true }).Validate();
    }

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("nonsense")]
    [InlineData("ftp://sigstore.example.com")]
    [InlineData("file:///tmp/x")]
    [InlineData("https://sigstore.example.com/?a=b")]
    [InlineData("https://sigstore.example.com/#top")]
    [InlineData("https://user:pass@sigstore.example.com")]
    public void A_public_url_that_is_not_an_http_base_url_is_refused(string url) =>
        Assert.Contains($"--public-url '{url}' is not an absolute http(s) URL", Refusal(Options() with { PublicUrl = url }), StringComparison.Ordinal);

    [Theory]
    [InlineData("https://sigstore.example.com")]
    [InlineData("http://127.0.0.1:3000/")]
    [InlineData("https://example.com/sigstore")]
    public void An_http_base_url_is_accepted(string url) => (Options() with { PublicUrl = url }).Validate();

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("log+1")]
    [InlineData("tab\there")]
    public void An_origin_that_cannot_be_a_note_key_name_is_refused(string origin) =>
        Assert.StartsWith("--log-origin", Refusal(Options() with { LogOrigin = origin }), StringComparison.Ordinal);

    [Theory]
    [InlineData("nonsense")]
    [InlineData("Host=db;Port=abc;Password=hunter2")]
    [InlineData("Password=hunter2")]
    [InlineData("Host=db;Passwrod=hunter2")]
    [InlineData("")]
    public void A_postgres_string_npgsql_cannot_use_is_refused_without_repeating_it(string connectionString)
    {
        var message = Refusal(Options() with { LogPostgresConnectionString = connectionString });

        Assert.StartsWith("--log-postgres ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_postgres_string_with_a_host_is_accepted_without_connecting() =>
        (Options() with { LogPostgresConnectionString = "Host=192.0.2.1;Username=signet;Password=p;Database=signet" }).Validate();
}
