using System.Text.Json.Nodes;
using Signet.Pkcs11;
using Signet.Testing.Keys;

namespace Signet.Cli.Tests.Rotation;

/// <summary>
/// Both log keys in a SoftHSM2 token — the Rekor v1 ECDSA key (<c>--log-key</c>) and the Rekor v2 Ed25519 checkpoint key
/// (<c>--log-checkpoint-key</c>, CKM_EDDSA) — sign a Rekor v2 entry, and the CT log's key (<c>--ct-key</c>) the SCT of its
/// certificate; <c>--rotate log,ct</c> makes new key pairs in the same token (labels <c>OBJECT-STAMP</c>), and a bundle
/// from before and one from after verify with the new trusted root. A restart with the same options keeps the new keys,
/// and the Rekor v1 entries of every key the token has held are served with that key's SET.
/// </summary>
[Collection("interop")]
public sealed class Pkcs11RotationTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("signet-rotate-hsm-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Log_and_ct_keys_in_a_token_sign_and_rotate_to_new_key_pairs_in_the_same_token()
    {
        var token = SoftHsmToken.Create();
        Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("log"))).Dispose();
        using var ctKey = Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("ct")));
        var ctSpki = ctKey.ExportSubjectPublicKeyInfo();
        using (var checkpoint = Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(token.Uri("checkpoint"))))
        {
            await using var server = new RotatingServer(_work, SoftHsmToken.Environment);
            string[] keys = ["--log-key", token.Uri("log"), "--log-checkpoint-key", token.Uri("checkpoint"), "--ct-key", token.Uri("ct")];
            await server.StartAsync(keys);
            Assert.Contains(server.TrustedRoot.Tlogs, t => t.PublicKey.RawBytes.AsSpan().SequenceEqual(checkpoint.PublicKey.SpkiDer));
            Assert.Equal(ctSpki, Assert.Single(server.TrustedRoot.Ctlogs).PublicKey.RawBytes);
            var before = server.Sign("hsm-before", 2);
            var v1Before = server.Sign("hsm-before-v1", 1);
            await server.StopAsync();

            await server.StartAsync([.. keys, "--rotate", "log,ct"]);
            var after = server.Sign("hsm-after", 2);
            var v1After = server.Sign("hsm-after-v1", 1);
            var root = server.TrustedRoot;

            // The record names the new objects (never the PIN); they are in the token and in the trusted root, open.
            var record = File.ReadAllText(Path.Combine(server.Data, "rotation", "keys.json"));
            Assert.DoesNotContain("pin-value=" + SoftHsmToken.Pin, record, StringComparison.Ordinal); // the URI is kept with its PIN hidden (***)
            var entries = JsonNode.Parse(record)!;
            foreach (var (option, old) in new[] { ("--log-checkpoint-key", "checkpoint"), ("--log-key", "log"), ("--ct-key", "ct") })
            {
                var label = (string)entries[option]!["object"]!;
                Assert.StartsWith(old + "-", label, StringComparison.Ordinal);
                using var rotated = Pkcs11Keys.OpenSigningKey(Pkcs11Uri.Parse(token.Uri(label)));
                var entry = Assert.Single(option == "--ct-key" ? root.Ctlogs : root.Tlogs, t => t.PublicKey.RawBytes.AsSpan().SequenceEqual(rotated.PublicKey.SpkiDer));
                Assert.Null(entry.PublicKey.ValidFor!.End);
            }

            Assert.NotNull(Assert.Single(root.Tlogs, t => t.PublicKey.RawBytes.AsSpan().SequenceEqual(checkpoint.PublicKey.SpkiDer)).PublicKey.ValidFor!.End);
            Assert.NotNull(Assert.Single(root.Ctlogs, t => t.PublicKey.RawBytes.AsSpan().SequenceEqual(ctSpki)).PublicKey.ValidFor!.End);
            foreach (var artifact in new[] { before, after })
            {
                var verified = server.Verify(artifact, server.TrustedRootPath);
                Assert.True(verified.ExitCode == 0, $"{Path.GetFileName(artifact)}: {verified.StdErr}");
            }

            await server.StopAsync();
            await server.StartAsync(keys);
            Assert.Equal(root.ToJson(), server.TrustedRoot.ToJson());

            // A second rotation: the v1 API serves each entry with the log ID and SET of the token's key it was logged
            // under — the object first given, then OBJECT-STAMP of the first rotation — as cosign looks entries up online
            // (before, the retired keys in a token were not opened: old entries got SETs of the current key, refused).
            await server.StopAsync();
            await server.StartAsync([.. keys, "--rotate", "log"]);
            var v1Last = server.Sign("hsm-last-v1", 1);
            Assert.Equal(3, await ServedWithTheirOwnKeysAsync(server, v1Before, v1After, v1Last));
        }
    }

    [Fact]
    public async Task A_log_key_named_by_id_alone_still_serves_its_entries_after_a_rotation()
    {
        // RFC 7512 lets a URI name a key by CKA_ID only; the key first given must be found again by that id (it was
        // looked for by label only: the entries made under it were then served with the new key's log ID and SET).
        var token = SoftHsmToken.Create();
        Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("log").Replace("object=log", "object=log;id=%0a%0b", StringComparison.Ordinal))).Dispose();
        var byId = token.Uri("log").Replace("object=log", "id=%0a%0b", StringComparison.Ordinal);
        await using var server = new RotatingServer(_work, SoftHsmToken.Environment);
        await server.StartAsync("--log-key", byId);
        var before = server.Sign("by-id-before", 1);
        await server.StopAsync();

        await server.StartAsync("--log-key", byId, "--rotate", "log");
        var after = server.Sign("by-id-after", 1);
        Assert.Equal(2, await ServedWithTheirOwnKeysAsync(server, before, after));
    }

    /// <summary>Each artifact's Rekor v1 entry is served with the log ID its bundle has (its own key's, not the current
    /// one's) and verifies when looked up online as cosign does; returns how many log IDs they had.</summary>
    private static async Task<int> ServedWithTheirOwnKeysAsync(RotatingServer server, params string[] artifacts)
    {
        var logIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var artifact in artifacts)
        {
            var (inBundle, served) = await server.V1LogIdsAsync(artifact);
            Assert.Equal(inBundle, served);
            logIds.Add(served);
            var online = server.VerifyOnline(artifact);
            Assert.True(online.ExitCode == 0, $"{Path.GetFileName(artifact)} looked up online: {online.StdErr}");
        }

        return logIds.Count;
    }
}
