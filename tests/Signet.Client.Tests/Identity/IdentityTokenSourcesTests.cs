using System.Net;
using System.Text;
using Signet.Client.Identity;
using Signet.Testing.Servers;

namespace Signet.Client.Tests.Identity;

public sealed class IdentityTokenSourcesTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public async Task Explicit_token_wins_over_the_environment()
    {
        using var http = new HttpClient();
        var t = await IdentityTokenSources.ResolveAsync(" explicit ", Env(("SIGSTORE_ID_TOKEN", "env")), http, "sigstore", CancellationToken.None);
        Assert.Equal("explicit", t);
    }

    [Fact]
    public async Task Explicit_token_may_be_a_file()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "from-file\n");
        using var http = new HttpClient();
        Assert.Equal("from-file", await IdentityTokenSources.ResolveAsync(file, Env(), http, "sigstore", CancellationToken.None));
        File.Delete(file);
    }

    [Fact]
    public async Task SIGSTORE_ID_TOKEN_is_next()
    {
        using var http = new HttpClient();
        Assert.Equal("env", await IdentityTokenSources.ResolveAsync(null, Env(("SIGSTORE_ID_TOKEN", "env")), http, "sigstore", CancellationToken.None));
    }

    [Fact]
    public async Task No_source_is_one_line_saying_how_to_pass_a_token()
    {
        using var http = new HttpClient();
        var e = await Assert.ThrowsAsync<IdentityTokenException>(() => IdentityTokenSources.ResolveAsync(null, Env(), http, "sigstore", CancellationToken.None));
        Assert.Contains("--identity-token", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task GitHub_Actions_ambient_credentials_are_fetched_with_the_bearer_and_audience()
    {
        // GitHub's token endpoint protocol (actions/toolkit core getIDToken): GET URL&audience=A, Bearer token → {"value": JWT}.
        var port = LoopbackPort.Free();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var ctx = await listener.GetContextAsync();
            var ok = ctx.Request.Headers["Authorization"] == "Bearer request-token" && ctx.Request.QueryString["audience"] == "sigstore"
                && ctx.Request.QueryString["api-version"] == "2.0";
            var body = Encoding.UTF8.GetBytes(ok ? """{"value":"the-jwt"}""" : """{"message":"bad"}""");
            ctx.Response.StatusCode = ok ? 200 : 401;
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        });
        using var http = new HttpClient();
        var t = await IdentityTokenSources.ResolveAsync(null, Env(
            ("ACTIONS_ID_TOKEN_REQUEST_URL", $"http://127.0.0.1:{port}/token?api-version=2.0"),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token")), http, "sigstore", CancellationToken.None);
        await serve;
        Assert.Equal("the-jwt", t);
    }
}
