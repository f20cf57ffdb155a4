using System.Text.Json;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests;

public sealed class DevTokenCommandTests : IAsyncLifetime
{
    private LocalSigstore _server = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalSigstore.StartAsync(new LocalSigstoreOptions { Services = [] });
        _url = _server.Url;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

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
