using System.Diagnostics;
using System.Net;
using Signet.Testing.Servers;

namespace Signet.Testing.Oci;

/// <summary>
/// A real registry for the tests: Debian's <c>docker-registry</c> (CNCF Distribution 2.8, no referrers API) started on a
/// free loopback port with its own storage directory, optionally behind htpasswd Basic authentication.
/// </summary>
public sealed class RegistryServer : IDisposable
{
    public const string User = "signet-test";
    public const string Password = "s3cret-pass";

    // bcrypt (cost 4) of Password, made once with crypt(3); registry's htpasswd accepts only bcrypt.
    private const string PasswordHash = "$2a$04$yR4eRof8jFkfFVcA6ajQEOHlavLT2ZhxYlCQrq9dEPhOUd738m6cO";

    private readonly Process _process;
    private readonly string _dir;

    public RegistryServer(bool basicAuth = false, TokenServer? tokenAuth = null)
    {
        _dir = Directory.CreateTempSubdirectory("signet-registry-").FullName;
        Port = LoopbackPort.Free();
        var auth = "";
        if (basicAuth)
        {
            File.WriteAllText(Path.Combine(_dir, "htpasswd"), $"{User}:{PasswordHash}\n");
            auth = $"auth:\n  htpasswd:\n    realm: signet-test\n    path: {Path.Combine(_dir, "htpasswd")}\n";
        }

        if (tokenAuth is not null)
        {
            var bundle = Path.Combine(_dir, "token-root.pem");
            File.WriteAllText(bundle, tokenAuth.RootCertPem);
            auth = $"auth:\n  token:\n    realm: {tokenAuth.Realm}\n    service: {TokenServer.Service}\n    issuer: {TokenServer.Issuer}\n    rootcertbundle: {bundle}\n";
        }

        var config = Path.Combine(_dir, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_dir, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}

            """ + auth);
        var psi = new ProcessStartInfo("docker-registry", ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(psi) ?? throw new InvalidOperationException("docker-registry did not start (apt-get install -y docker-registry)");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilUp();
    }

    public int Port { get; }

    /// <summary>host:port as written in image references.</summary>
    public string Registry => $"127.0.0.1:{Port}";

    /// <summary>Where the registry stores a blob's bytes (Distribution's filesystem driver layout), for tampering tests.</summary>
    public string BlobPath(Signet.Oci.OciDigest digest) =>
        Path.Combine(_dir, "data", "docker", "registry", "v2", "blobs", digest.Algorithm, digest.Hex[..2], digest.Hex, "data");

    /// <summary>
    /// Puts a manifest under a tag straight into Distribution's filesystem layout (blob, revision link, tag links),
    /// as a push would have left it. Only for a real manifest whose referenced content the test does not have
    /// (an image index from elsewhere, without its platform images): the registry refuses such a PUT, but serves
    /// the stored manifest like any other, by tag and by digest.
    /// </summary>
    public Signet.Oci.OciDigest StoreManifest(string repository, string tag, byte[] manifest)
    {
        var digest = Signet.Oci.OciDigest.Compute(manifest);
        var blob = BlobPath(digest);
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        File.WriteAllBytes(blob, manifest);
        var manifests = Path.Combine(_dir, "data", "docker", "registry", "v2", "repositories", repository, "_manifests");
        foreach (var link in new[]
                 {
                     Path.Combine(manifests, "revisions", digest.Algorithm, digest.Hex, "link"),
                     Path.Combine(manifests, "tags", tag, "current", "link"),
                     Path.Combine(manifests, "tags", tag, "index", digest.Algorithm, digest.Hex, "link"),
                 })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.WriteAllText(link, digest.ToString());
        }

        return digest;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private void WaitUntilUp()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}");
            }

            try
            {
                using var r = http.GetAsync(new Uri($"http://{Registry}/v2/")).GetAwaiter().GetResult();
                if (r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException("docker-registry did not answer /v2/ within 30 s");
    }

}

/// <summary>One registry shared by the tests of a class (each test uses its own repository).</summary>
public sealed class RegistryFixture : IDisposable
{
    public RegistryServer Server { get; } = new();

    public void Dispose() => Server.Dispose();
}
