using System.Text.Json;
using Signet.Server;

namespace Signet.Cli.Tests;

public sealed class DevTokenCommandTests : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication _app = null!;
    private string _dir = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        _dir = Directory.CreateTempSubdirectory("signet-devtoken-").FullName;
        _app = SignetServer.Build(new SignetServerOptions { DataDirectory = _dir, Listen = "127.0.0.1:0", Services = new HashSet<string>(), DevOidc = true });
        _url = (await SignetServer.StartAsync(_app, CancellationToken.None)).ToString().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static JsonElement Payload(string jwt)
    {
        var parts = jwt.Trim().Split('.');
        Assert.Equal(3, parts.Length);
        using var doc = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Email_token_is_printed_with_verified_email_and_sub()
    {
        var r = SignetProcess.Run("dev-token", "--server", _url, "--email", "dev@example.com");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var claims = Payload(r.StdOut);
        Assert.Equal(_url + "/oidc", claims.GetProperty("iss").GetString());
        Assert.Equal("dev@example.com", claims.GetProperty("sub").GetString());
        Assert.Equal("dev@example.com", claims.GetProperty("email").GetString());
        Assert.True(claims.GetProperty("email_verified").GetBoolean());
        Assert.Equal("sigstore", claims.GetProperty("aud").GetString());
    }

    [Fact]
    public void Workflow_token_has_github_actions_claims()
    {
        var r = SignetProcess.Run("dev-token", "--server", _url, "--github-workflow", "octo/app/.github/workflows/ci.yml@refs/heads/main");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var claims = Payload(r.StdOut);
        Assert.Equal(_url + "/oidc/github-actions", claims.GetProperty("iss").GetString());
        Assert.Equal("octo/app/.github/workflows/ci.yml@refs/heads/main", claims.GetProperty("job_workflow_ref").GetString());
        Assert.Equal("octo/app", claims.GetProperty("repository").GetString());
        Assert.Equal("repo:octo/app:ref:refs/heads/main", claims.GetProperty("sub").GetString());
    }

    [Fact]
    public void Usage_errors_exit_2_with_one_line()
    {
        var both = SignetProcess.Run("dev-token", "--server", _url, "--email", "a@b.c", "--github-workflow", "o/r/.github/workflows/f.yml@main");
        Assert.Equal(2, both.ExitCode);
        Assert.Single(both.StdErr.Trim().Split('\n'));
        Assert.Equal(2, SignetProcess.Run("dev-token", "--server", _url).ExitCode);
        var badWorkflow = SignetProcess.Run("dev-token", "--server", _url, "--github-workflow", "not-a-workflow");
        Assert.Equal(4, badWorkflow.ExitCode);
        Assert.Contains("400", badWorkflow.StdErr);
    }
}
