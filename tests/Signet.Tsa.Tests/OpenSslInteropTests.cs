using System.Diagnostics;

namespace Signet.Tsa.Tests;

/// <summary>Signet's tokens checked by OpenSSL's own RFC 3161 verifier (<c>openssl ts -verify</c>), run as a process.</summary>
public sealed class OpenSslInteropTests(TsaFixture tsa) : IClassFixture<TsaFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-tsa-openssl-").FullName;

    [Fact]
    public void Openssl_query_with_nonce_and_certReq_verifies()
    {
        var data = Write("data.bin", "artifact signature"u8.ToArray());
        OpenSsl("ts", "-query", "-data", data, "-sha256", "-cert", "-out", Path.Combine(_dir, "q.tsq"));
        var reply = Respond("q.tsq");
        var (code, output) = OpenSsl(
            "ts", "-verify", "-data", data, "-in", reply, "-CAfile", Root(), "-untrusted", Leaf());
        Assert.True(code == 0, output);
        Assert.Contains("Verification: OK", output);

        // The reply echoes Sigstore's TSA policy and carries a nonce.
        var (_, text) = OpenSsl("ts", "-reply", "-in", reply, "-text");
        Assert.Contains("Policy OID: 1.3.6.1.4.1.57264.2", text);
        Assert.Contains("Status: Granted", text);
        Assert.DoesNotContain("Nonce: unspecified", text);
    }

    [Fact]
    public void Openssl_verifies_against_the_query_too_and_checks_the_nonce()
    {
        var data = Write("data.bin", "artifact signature"u8.ToArray());
        var query = Path.Combine(_dir, "q.tsq");
        OpenSsl("ts", "-query", "-data", data, "-sha512", "-out", query);
        var reply = Respond("q.tsq");
        var (code, output) = OpenSsl(
            "ts", "-verify", "-queryfile", query, "-in", reply, "-CAfile", Root(), "-untrusted", Leaf());
        Assert.True(code == 0, output);

        // A second query has another nonce: the reply must not verify against it.
        var other = Path.Combine(_dir, "q2.tsq");
        OpenSsl("ts", "-query", "-data", data, "-sha512", "-out", other);
        var (code2, _) = OpenSsl(
            "ts", "-verify", "-queryfile", other, "-in", reply, "-CAfile", Root(), "-untrusted", Leaf());
        Assert.NotEqual(0, code2);
    }

    [Fact]
    public void Openssl_rejects_the_token_for_other_data()
    {
        var data = Write("data.bin", "artifact signature"u8.ToArray());
        var other = Write("other.bin", "something else"u8.ToArray());
        OpenSsl("ts", "-query", "-data", data, "-sha256", "-cert", "-out", Path.Combine(_dir, "q.tsq"));
        var reply = Respond("q.tsq");
        var (code, _) = OpenSsl("ts", "-verify", "-data", other, "-in", reply, "-CAfile", Root(), "-untrusted", Leaf());
        Assert.NotEqual(0, code);
    }

    [Fact]
    public void Openssl_verifies_the_leaf_as_a_timestamping_certificate()
    {
        var (code, output) = OpenSsl("verify", "-purpose", "timestampsign", "-CAfile", Root(), Leaf());
        Assert.True(code == 0, output);
        var (_, text) = OpenSsl("x509", "-in", Leaf(), "-noout", "-ext", "extendedKeyUsage");
        Assert.Contains("critical", text);
        Assert.Contains("Time Stamping", text);
    }

    private string Respond(string queryFile)
    {
        var der = File.ReadAllBytes(Path.Combine(_dir, queryFile));
        return Write(Path.ChangeExtension(queryFile, ".tsr"), tsa.Authority.Respond(TimestampQuery.Decode(der)));
    }

    private string Root() => Write("root.pem", System.Text.Encoding.ASCII.GetBytes(tsa.Credentials.Root.ExportCertificatePem()));

    private string Leaf() => Write("leaf.pem", System.Text.Encoding.ASCII.GetBytes(tsa.Credentials.Leaf.ExportCertificatePem()));

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Code, string Output) OpenSsl(params string[] args)
    {
        var psi = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill();
            throw new TimeoutException("openssl " + string.Join(' ', args));
        }

        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
