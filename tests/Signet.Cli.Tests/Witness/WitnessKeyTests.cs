using System.Net;
using System.Security.Cryptography;
using System.Text;
using Signet.Core.Keys;
using Signet.Core.Notes;
using Signet.Pkcs11;
using Signet.Testing.Keys;
using Signet.Testing.Servers;

namespace Signet.Cli.Tests.Witness;

/// <summary>
/// <c>signet witness serve --key</c>: the witness's Ed25519 key in a SoftHSM2 token (signing inside it, CKM_EDDSA) or
/// in the operator's PEM file. Its cosignatures verify with the verifier key it prints, which carries the token's
/// public key; the data directory keeps that identity, so a start without the key, with another key or another name
/// is one line, exit 5, as is a key that does not open or is not Ed25519.
/// </summary>
[Collection("interop")]
public sealed class WitnessKeyTests : IDisposable
{
    private const string Origin = "keyed.test/log";
    private const string Name = "witness.test/hsm";
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-witness-key-").FullName;
    private readonly CheckpointingLog _log = new(Origin);

    private string LogFlag => _log.Flag;

    [Fact]
    public async Task A_witness_key_in_a_token_cosigns_and_stays_the_witness_identity()
    {
        var token = SoftHsmToken.Create();
        byte[] tokenPublicKey;
        using (var generated = Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(token.Uri("witness"))))
        {
            tokenPublicKey = generated.PublicKey.Ed25519Raw.ToArray();
        }

        var data = Path.Combine(_dir, "w");
        string[] key = ["--key", token.Uri("witness")];
        string vkey;
        using (var witness = await WitnessProcess.StartAsync(data, LoopbackPort.Free(), Name, [LogFlag], key, SoftHsmToken.Environment))
        {
            vkey = witness.VerifierKey;
            Assert.StartsWith(Name + "+", vkey, StringComparison.Ordinal);
            Assert.Equal([0x04, .. tokenPublicKey], KeyOf(vkey));
            Assert.Equal(vkey + "\n", File.ReadAllText(Path.Combine(data, "witness.vkey")));
            Assert.False(File.Exists(Path.Combine(data, "witness.key")));
            await AssertCosignsAsync(witness, vkey);
        }

        // A restart with the token's key is the same witness and remembers what it cosigned.
        using (var again = await WitnessProcess.StartAsync(data, LoopbackPort.Free(), Name, [LogFlag], key, SoftHsmToken.Environment))
        {
            Assert.Equal(vkey, again.VerifierKey);
            await AssertCosignsAsync(again, vkey);
        }

        // Without the key the data directory would get a new key, another witness: refused, nothing written.
        AssertStartFails(Serve(data, Name), "has a verifier key (witness.vkey) but no witness.key: give its key with --key");
        Assert.False(File.Exists(Path.Combine(data, "witness.key")));

        // Another key of the token, another name: each would be another witness.
        using (Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(token.Uri("other"))))
        {
        }

        AssertStartFails(Serve(data, Name, "--key", token.Uri("other")), "this key would make it " + Name + "+");
        AssertStartFails(Serve(data, "witness.test/renamed", "--key", token.Uri("witness")), "is named 'witness.test/hsm', not 'witness.test/renamed'; a witness cannot be renamed");
        Assert.Equal(vkey + "\n", File.ReadAllText(Path.Combine(data, "witness.vkey")));

        // A key that does not open, or is no Ed25519 key, stops the start.
        AssertStartFails(Serve(Path.Combine(_dir, "pin"), Name, "--key", token.Uri("witness", "0000")), "--key: PKCS#11", "the PIN is wrong");
        var p256 = Path.Combine(_dir, "p256.pem");
        using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(p256, ecdsa.ExportPkcs8PrivateKeyPem());
        }

        AssertStartFails(Serve(Path.Combine(_dir, "p256"), Name, "--key", p256), "--key: a witness's key must be Ed25519");
        AssertStartFails(Serve(Path.Combine(_dir, "none"), Name, "--key", Path.Combine(_dir, "missing.pem")), "--key:", "no such file");
    }

    [Fact]
    public async Task A_witness_key_in_a_pem_file_cosigns_and_another_file_is_another_witness()
    {
        var pem = Path.Combine(_dir, "witness.pem");
        using var key = SigningKey.GenerateEd25519();
        File.WriteAllText(pem, PemEncoding.WriteString("PRIVATE KEY", key.ExportPkcs8()));
        var data = Path.Combine(_dir, "w");
        using (var witness = await WitnessProcess.StartAsync(data, LoopbackPort.Free(), Name, [LogFlag], ["--key", pem], environment: null))
        {
            Assert.Equal([0x04, .. key.PublicKey.Ed25519Raw], KeyOf(witness.VerifierKey));
            await AssertCosignsAsync(witness, witness.VerifierKey);
        }

        var other = Path.Combine(_dir, "other.pem");
        using (var otherKey = SigningKey.GenerateEd25519())
        {
            File.WriteAllText(other, PemEncoding.WriteString("PRIVATE KEY", otherKey.ExportPkcs8()));
        }

        AssertStartFails(Serve(data, Name, "--key", other), "another witness (move witness.vkey aside to start one)");
    }

    public void Dispose()
    {
        _log.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static SignetProcess.Result Serve(string data, string name, params string[] options) =>
        SignetProcess.Run(
            new[] { "witness", "serve", "--data-dir", data, "--listen", "127.0.0.1:0", "--name", name, "--log", "a.test/log=" + OtherLogKey() }.Concat(options),
            null, SoftHsmToken.Environment, null, TimeSpan.FromSeconds(60));

    // name '+' 8 hex digits '+' base64(type || key); base64 may hold '+' itself.
    private static byte[] KeyOf(string vkey) => Convert.FromBase64String(vkey[(Name.Length + 10)..]);

    private static string OtherLogKey()
    {
        using var k = SigningKey.GenerateEd25519();
        return Ed25519NoteKey.FormatVerifier("a.test/log", k.PublicKey.Ed25519Raw);
    }

    private static void AssertStartFails(SignetProcess.Result r, params string[] expected)
    {
        Assert.True(r.ExitCode == 5, $"exit {r.ExitCode}\nstdout: {r.StdOut}\nstderr: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(expected, e => Assert.Contains(e, line, StringComparison.Ordinal));
    }

    // One more leaf, submitted from the size before (C2SP tlog-witness add-checkpoint); the answer's cosignature line
    // must verify with the witness's verifier key.
    private async Task AssertCosignsAsync(WitnessProcess witness, string vkey)
    {
        var request = _log.Grow();
        using var http = new HttpClient { BaseAddress = witness.Url };
        using var response = await http.PostAsync(new Uri("add-checkpoint", UriKind.Relative), new ByteArrayContent(request));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        var cosigned = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_log.Checkpoint()) + body);
        Assert.Single(new WitnessQuorum([NoteVerifierKey.ParseCosigner(vkey)], 1).Check(cosigned));
    }
}
