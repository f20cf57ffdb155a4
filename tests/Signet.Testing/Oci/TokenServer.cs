using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Signet.Testing.Servers;

namespace Signet.Testing.Oci;

/// <summary>
/// A Docker token-authentication service for the real registry's <c>auth: token</c> mode: it issues ES256 JWTs
/// with an <c>x5c</c> header that the registry checks against its <c>rootcertbundle</c>. Anonymous callers get
/// pull only; callers with the right Basic credentials get what they ask for.
/// </summary>
public sealed class TokenServer : IDisposable
{
    public const string Service = "signet-test-registry";
    public const string Issuer = "signet-test-token-issuer";

    private readonly HttpListener _listener = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _cert;
    private readonly Task _loop;
    private int _issued;

    public TokenServer()
    {
        var request = new CertificateRequest("CN=signet test token issuer", _key, HashAlgorithmName.SHA256);
        _cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Port = LoopbackPort.Free();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Realm => $"http://127.0.0.1:{Port}/token";

    public int Issued => _issued;

    public string RootCertPem => _cert.ExportCertificatePem();

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(5000);
        }
        catch (AggregateException)
        {
        }

        _cert.Dispose();
        _key.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Answer(ctx);
            }
            finally
            {
                ctx.Response.Close();
            }
        }
    }

    private void Answer(HttpListenerContext ctx)
    {
        var authorized = false;
        var header = ctx.Request.Headers["Authorization"];
        if (header is not null && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
            if (pair != $"{RegistryServer.User}:{RegistryServer.Password}")
            {
                ctx.Response.StatusCode = 401;
                return;
            }

            authorized = true;
        }

        var access = new List<object>();
        foreach (var scope in ctx.Request.QueryString.GetValues("scope") ?? [])
        {
            foreach (var one in scope.Split(' '))
            {
                var parts = one.Split(':');
                if (parts.Length != 3)
                {
                    continue;
                }

                var actions = parts[2].Split(',').Where(a => authorized || a == "pull").ToArray();
                access.Add(new Dictionary<string, object> { ["type"] = parts[0], ["name"] = parts[1], ["actions"] = actions });
            }
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var jwtHeader = new Dictionary<string, object>
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new[] { Convert.ToBase64String(_cert.RawData) },
        };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = authorized ? RegistryServer.User : "",
            ["aud"] = Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 60,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = B64(JsonSerializer.SerializeToUtf8Bytes(jwtHeader)) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256); // IEEE P1363 r||s, as JWS ES256 wants
        var token = signingInput + "." + B64(signature);
        Interlocked.Increment(ref _issued);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["token"] = token, ["expires_in"] = 300 });
        ctx.Response.ContentType = "application/json";
        ctx.Response.OutputStream.Write(body);
    }

    private static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

}
