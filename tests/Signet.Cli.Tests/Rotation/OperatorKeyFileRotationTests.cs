using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Signet.Cli.Tests.Rotation;

/// <summary>
/// The operator's own key files (<c>--log-key</c>, <c>--tsa-key</c>, <c>--ct-key</c>: PKCS#8 PEM outside the data
/// directory): <c>--rotate log,tsa,ct</c> writes each new key beside the old one (<c>NAME.STAMP.pem</c>) and records
/// it in <c>DIR/rotation/keys.json</c>, so a restart with the same options signs with the new keys; the old keys stay
/// listed with their windows closed, and a bundle from before and one from after verify.
/// </summary>
[Collection("interop")]
public sealed class OperatorKeyFileRotationTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("signet-rotate-files-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Key_files_are_rotated_beside_themselves_and_a_restart_with_the_same_options_keeps_the_new_ones()
    {
        var keys = Directory.CreateDirectory(Path.Combine(_work, "operator-keys")).FullName;
        var given = new Dictionary<string, string>();
        foreach (var name in new[] { "log", "tsa", "ct" })
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            given[name] = Path.Combine(keys, name + ".pem");
            File.WriteAllText(given[name], key.ExportPkcs8PrivateKeyPem());
        }

        string[] options = ["--log-key", given["log"], "--tsa-key", given["tsa"], "--ct-key", given["ct"]];
        await using var server = new RotatingServer(_work);
        await server.StartAsync(options);
        var before = server.TrustedRoot;
        Assert.Equal(Spki(given["ct"]), before.Ctlogs.Single().PublicKey.RawBytes);
        Assert.Contains(before.Tlogs, t => t.PublicKey.RawBytes.AsSpan().SequenceEqual(Spki(given["log"])));
        var signedBefore = server.Sign("files-before", 1);
        await server.StopAsync();

        await server.StartAsync([.. options, "--rotate", "log,tsa,ct"]);
        var signedAfter = server.Sign("files-after", 1);
        var root = server.TrustedRoot;

        // Each new key is a file beside the given one, named in the record; the given files are left as they were.
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(server.Data, "rotation", "keys.json")))!;
        var rotated = new Dictionary<string, string>();
        foreach (var name in given.Keys)
        {
            rotated[name] = (string)record[$"--{name}-key"]!["file"]!;
            Assert.Equal(keys, Path.GetDirectoryName(rotated[name]));
            Assert.Matches($@"^{name}\.\d{{8}}T\d{{6}}Z\.pem$", Path.GetFileName(rotated[name]));
            Assert.True(File.Exists(given[name]), given[name]);
        }

        Assert.Null(Assert.Single(root.Ctlogs, l => l.PublicKey.RawBytes.AsSpan().SequenceEqual(Spki(rotated["ct"]))).PublicKey.ValidFor!.End);
        Assert.NotNull(Assert.Single(root.Ctlogs, l => l.PublicKey.RawBytes.AsSpan().SequenceEqual(Spki(given["ct"]))).PublicKey.ValidFor!.End);
        Assert.Null(Assert.Single(root.Tlogs, t => t.PublicKey.RawBytes.AsSpan().SequenceEqual(Spki(rotated["log"]))).PublicKey.ValidFor!.End);
        Assert.NotNull(Assert.Single(root.Tlogs, t => t.PublicKey.RawBytes.AsSpan().SequenceEqual(Spki(given["log"]))).PublicKey.ValidFor!.End);
        var tsaKeys = root.TimestampAuthorities.Select(c => SpkiOf(c.CertChain[0])).ToList();
        Assert.Contains(tsaKeys, k => k.AsSpan().SequenceEqual(Spki(rotated["tsa"])));
        Assert.Contains(tsaKeys, k => k.AsSpan().SequenceEqual(Spki(given["tsa"])));
        foreach (var artifact in new[] { signedBefore, signedAfter })
        {
            var verified = server.Verify(artifact, server.TrustedRootPath);
            Assert.True(verified.ExitCode == 0, $"{Path.GetFileName(artifact)}: {verified.StdErr}");
        }

        // The same options again, without --rotate: the record sends each option to its new file.
        await server.StopAsync();
        await server.StartAsync(options);
        Assert.Equal(root.ToJson(), server.TrustedRoot.ToJson());
        var again = server.Verify(server.Sign("files-restarted", 1), server.TrustedRootPath);
        Assert.True(again.ExitCode == 0, again.StdErr);
    }

    private static byte[] Spki(string pemFile)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(pemFile));
        return key.ExportSubjectPublicKeyInfo();
    }

    private static byte[] SpkiOf(byte[] certificate)
    {
        using var c = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(certificate);
        return c.PublicKey.ExportSubjectPublicKeyInfo();
    }
}
