using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Signet.Ca.Tests.Server;

/// <summary>
/// The CT log follows the scale-out rule (issue 23): with <c>--log-postgres</c> all of its state, the submitted chains
/// included, is in PostgreSQL, so a second CA front end with its own data directory (holding only a copy of the
/// first one's keys and CA) serves the certificates the first one logged, with their chains and proofs.
/// </summary>
[Collection("postgres")]
public sealed class SharedCtLogTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_second_front_end_serves_the_ct_entries_and_chains_the_first_one_logged()
    {
        var database = postgres.CreateDatabase();
        await using var a = await CaServer.StartAsync(configure: o => o with { LogPostgresConnectionString = database });
        var token = await a.EmailTokenAsync("dana@example.com");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var proof = key.SignData(Encoding.UTF8.GetBytes("dana@example.com"), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var issued = await a.RequestWithKeyAsync(token, key.ExportSubjectPublicKeyInfo(), proof);
        var chain = await CaServer.ChainOfAsync(issued);
        var index = await a.WaitUntilLoggedAsync(chain[0], chain[1]);
        var ctDir = Path.Combine(a.DataDirectory, "ct");
        // Only the note that the CT log's state is in PostgreSQL (so that a start without --log-postgres refuses).
        Assert.False(Directory.Exists(ctDir) && Directory.EnumerateFileSystemEntries(ctDir).Any(f => Path.GetFileName(f) != "postgresql"),
            "the shared CT log wrote to the data directory");
        Assert.True(File.Exists(Path.Combine(ctDir, "postgresql")));

        var dir = Directory.CreateTempSubdirectory("signet-ca-b-").FullName;
        Copy(Path.Combine(a.DataDirectory, "keys"), Path.Combine(dir, "keys"));
        Copy(Path.Combine(a.DataDirectory, "ca"), Path.Combine(dir, "ca"));
        await using var b = await CaServer.StartAsync(devOidc: false, configure: o => o with { DataDirectory = dir, LogPostgresConnectionString = database });
        Assert.Equal(index, await b.WaitUntilLoggedAsync(chain[0], chain[1]));

        var entries = await b.Http.GetFromJsonAsync<JsonElement>($"/ct/v1/get-entries?start={index}&end={index}");
        var entry = Assert.Single(entries.GetProperty("entries").EnumerateArray().ToList());
        // RFC 6962 §4.6: a precertificate entry's extra_data is the precertificate followed by its chain; the issuer is in it.
        var extra = Convert.FromBase64String(entry.GetProperty("extra_data").GetString()!);
        using var issuer = X509Certificate2.CreateFromPem(chain[1]);
        Assert.True(extra.AsSpan().IndexOf(issuer.RawData) >= 0, "get-entries on the second front end lacks the chain");
        var sthA = await a.Http.GetFromJsonAsync<JsonElement>("/ct/v1/get-sth");
        var sthB = await b.Http.GetFromJsonAsync<JsonElement>("/ct/v1/get-sth");
        Assert.Equal(sthA.GetProperty("tree_size").GetUInt64(), sthB.GetProperty("tree_size").GetUInt64());
        Assert.Equal(sthA.GetProperty("sha256_root_hash").GetString(), sthB.GetProperty("sha256_root_hash").GetString());
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
