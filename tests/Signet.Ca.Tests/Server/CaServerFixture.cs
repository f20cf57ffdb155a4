using System.Security.Cryptography;
using System.Text.Json;

namespace Signet.Ca.Tests.Server;

/// <summary>One CA server shared by the tests of a class (they run one after another).</summary>
public sealed class CaServerFixture : IAsyncLifetime
{
    public CaServer Server { get; private set; } = null!;

    public ECDsa IssuerKey { get; private set; } = null!;

    public string KeyId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await CaServer.StartAsync();
        IssuerKey = Server.DevIssuerKey();
        using var jwks = JsonDocument.Parse(await Server.Http.GetStringAsync("/oidc/jwks"));
        KeyId = jwks.RootElement.GetProperty("keys")[0].GetProperty("kid").GetString()!;
    }

    public async Task DisposeAsync()
    {
        IssuerKey.Dispose();
        await Server.DisposeAsync();
    }
}
