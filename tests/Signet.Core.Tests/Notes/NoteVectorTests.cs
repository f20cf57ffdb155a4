using System.Security.Cryptography;
using System.Text.Json;
using Signet.Core.Encoding;
using Signet.Core.Keys;
using Signet.Core.Notes;

namespace Signet.Core.Tests.Notes;

public sealed class NoteVectorTests
{
    public static TheoryData<string> OpenCases => [.. NoteVectors.Golang.GetProperty("open").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    public static TheoryData<string> VerifierKeys => [.. NoteVectors.Golang.GetProperty("keys").GetProperty("verifier").EnumerateObject().Select(p => p.Value.GetString()!)];

    public static TheoryData<string> BadVerifierKeys => [.. NoteVectors.Golang.GetProperty("badVerifierKeys").EnumerateArray().Select(k => k.GetString()!)];

    public static TheoryData<string> RekorCases => [.. NoteVectors.RekorCheckpoints.EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    [Fact]
    public void Every_vector_is_exercised()
    {
        // If a case is added to or removed from the data, these counts (and the theories above) must change together.
        Assert.Equal(14, OpenCases.Count);
        Assert.Equal(2, VerifierKeys.Count);
        Assert.Equal(2, BadVerifierKeys.Count);
        Assert.Single(NoteVectors.Golang.GetProperty("keys").GetProperty("signer").EnumerateObject());
        Assert.Equal(7, RekorCases.Count);
        Assert.Equal(14, NoteVectors.Golang.GetProperty("open").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Distinct().Count());
        Assert.Equal(7, NoteVectors.RekorCheckpoints.EnumerateArray().Select(c => c.GetProperty("name").GetString()).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(VerifierKeys))]
    public void Verifier_keys_parse_with_their_name_and_key_id(string vkey)
    {
        var v = Ed25519NoteKey.ParseVerifier(vkey);
        var parts = vkey.Split('+');
        Assert.Equal(parts[0], v.Name);
        Assert.Equal(Convert.ToUInt32(parts[1], 16), v.KeyHash);
        var raw = Convert.FromBase64String(parts[2]);
        Assert.Equal(vkey, Ed25519NoteKey.FormatVerifier(v.Name, raw.AsSpan(1)));
    }

    [Theory]
    [MemberData(nameof(BadVerifierKeys))]
    public void Bad_verifier_keys_are_rejected(string vkey) =>
        Assert.Throws<SignetFormatException>(() => Ed25519NoteKey.ParseVerifier(vkey));

    [Fact]
    public void Every_substring_and_every_single_byte_change_of_a_verifier_key_is_rejected()
    {
        // As the Go reference's TestNewVerifier does.
        var vkey = NoteVectors.Golang.GetProperty("keys").GetProperty("verifier").GetProperty("PeterNeumann").GetString()!;
        var b = System.Text.Encoding.ASCII.GetBytes(vkey);
        var checkedCount = 0;
        for (var i = 0; i <= b.Length; i++)
        {
            for (var j = i + 1; j <= b.Length; j++)
            {
                if (i != 0 || j != b.Length)
                {
                    Assert.Throws<SignetFormatException>(() => Ed25519NoteKey.ParseVerifier(System.Text.Encoding.ASCII.GetString(b, i, j - i)));
                    checkedCount++;
                }
            }
        }

        for (var i = 0; i < b.Length; i++)
        {
            b[i]++;
            Assert.Throws<SignetFormatException>(() => Ed25519NoteKey.ParseVerifier(System.Text.Encoding.ASCII.GetString(b)));
            b[i]--;
            checkedCount++;
        }

        Assert.Equal((b.Length * (b.Length + 1) / 2) - 1 + b.Length, checkedCount);
    }

    [Fact]
    public void Signing_gives_exactly_the_reference_bytes()
    {
        var sign = NoteVectors.Golang.GetProperty("sign");
        var signer = Ed25519NoteKey.ParseSigner(sign.GetProperty("signerKey").GetString()!);
        Assert.Equal("PeterNeumann", signer.Name);
        Assert.Equal(0xc74f20a3u, signer.KeyHash);
        var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(sign.GetProperty("textB64").GetString()!));
        Assert.Equal(sign.GetProperty("text").GetString(), text);
        var want = Convert.FromBase64String(sign.GetProperty("wantB64").GetString()!);
        Assert.Equal(want, NoteOpener.Sign(text, signer));
        Assert.Equal(sign.GetProperty("want").GetString(), System.Text.Encoding.UTF8.GetString(want));
    }

    [Theory]
    [MemberData(nameof(OpenCases))]
    public void Open_behaves_as_the_reference(string name)
    {
        var c = NoteVectors.OpenCase(name);
        var message = Convert.FromBase64String(c.GetProperty("noteB64").GetString()!);
        if (c.GetProperty("note").ValueKind == JsonValueKind.String)
        {
            Assert.Equal(c.GetProperty("note").GetString(), System.Text.Encoding.UTF8.GetString(message));
        }

        var verifiers = c.GetProperty("verifiers").EnumerateArray().Select(v => Ed25519NoteKey.ParseVerifier(v.GetString()!)).ToList();
        if (!c.GetProperty("wantErr").GetBoolean())
        {
            var opened = NoteOpener.Open(message, verifiers);
            Assert.Equal(Labels(c, "wantVerified"), opened.Verified.Select(s => s.KeyLabel));
            Assert.Equal(Labels(c, "wantUnverified"), opened.Unverified.Select(s => s.KeyLabel));
            Assert.EndsWith("\n", opened.Text);
            return;
        }

        var errKind = c.GetProperty("errKind").GetString()!;
        var e = Record.Exception(() => NoteOpener.Open(message, verifiers));
        switch (errKind)
        {
            case "malformed note":
                Assert.IsType<SignetFormatException>(e);
                break;
            case "note has no verifiable signatures":
                Assert.Equal(NoteVerificationError.NoVerifiedSignature, Assert.IsType<NoteVerificationException>(e).Error);
                break;
            default:
                var ve = Assert.IsType<NoteVerificationException>(e);
                Assert.Equal(errKind.StartsWith("ambiguous key", StringComparison.Ordinal) ? NoteVerificationError.AmbiguousKey : NoteVerificationError.InvalidSignature, ve.Error);
                Assert.Contains(errKind, ve.Message);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(RekorCases))]
    public void Real_rekor_checkpoints_verify_with_their_log_keys(string name)
    {
        var c = NoteVectors.RekorCase(name);
        var key = VerificationKey.FromSpki(Convert.FromBase64String(c.GetProperty("publicKey").GetProperty("rawBytes").GetString()!));
        Assert.Equal(c.GetProperty("publicKey").GetProperty("keyDetails").GetString(), SigningAlgorithms.ToRegistryName(key.DefaultAlgorithm));
        var host = new Uri(c.GetProperty("logBaseUrl").GetString()!).Host;
        var verifier = RekorNoteVerifier.Create(host, key);

        // The log ID in the trusted root: SHA-256 of the SPKI (v1, RFC 6962 §3.2) or the full C2SP key hash input (v2).
        var logId = Convert.FromBase64String(c.GetProperty("logIdKeyId").GetString()!);
        var spki = key.SpkiDer;
        var expectedLogId = key.Kind == KeyKind.Ed25519
            ? SHA256.HashData([.. System.Text.Encoding.UTF8.GetBytes(host + "\n"), 0x01, .. spki[^32..]])
            : SHA256.HashData(spki);
        Assert.Equal(expectedLogId, logId);
        Assert.Equal(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(logId), verifier.KeyHash);

        var message = System.Text.Encoding.UTF8.GetBytes(c.GetProperty("checkpointEnvelope").GetString()!);
        var expected = c.GetProperty("expected").GetString()!;
        if (expected.StartsWith("valid", StringComparison.Ordinal))
        {
            var result = CheckpointVerifier.Verify(message, verifier);
            Assert.Equal(host, result.Note.Verified.Single().Name);
            var cp = result.Checkpoint;
            Assert.StartsWith(host, cp.Origin);
            Assert.Equal(32, cp.RootHash.Length);
            Assert.Equal(cp.Format(), result.Note.Text);
            if (key.Kind == KeyKind.EcdsaP256)
            {
                Assert.Matches("^rekor\\.sigstore\\.dev - [0-9]+$", cp.Origin);
            }
            else
            {
                Assert.Equal(host, cp.Origin);
                Assert.Empty(cp.Extensions);
            }

            if (expected.Contains("witness", StringComparison.Ordinal) || name.Contains("origin-not-first", StringComparison.Ordinal))
            {
                var witness = Assert.Single(result.Note.Unverified);
                Assert.Equal("witness.example", witness.Name);
                Assert.Equal(CosignatureV1.SignatureLength, witness.Signature.Length);
                Assert.InRange(CosignatureV1.TimestampOf(witness), 1_700_000_000UL, 2_000_000_000UL);
            }
            else
            {
                Assert.Empty(result.Note.Unverified);
            }

            return;
        }

        var e = Assert.Throws<NoteVerificationException>(() => { CheckpointVerifier.Verify(message, verifier); });
        Assert.Equal(
            expected switch
            {
                "invalid signature" => NoteVerificationError.InvalidSignature,
                "key hint does not match log key" => NoteVerificationError.NoVerifiedSignature,
                _ => throw new InvalidOperationException($"unknown expectation '{expected}'"),
            },
            e.Error);
    }

    [Fact]
    public void Rekor_v1_checkpoint_carries_its_timestamp_as_an_extension_line()
    {
        var c = NoteVectors.RekorCase("happy-path-v0.1");
        var key = VerificationKey.FromSpki(Convert.FromBase64String(c.GetProperty("publicKey").GetProperty("rawBytes").GetString()!));
        var result = CheckpointVerifier.Verify(System.Text.Encoding.UTF8.GetBytes(c.GetProperty("checkpointEnvelope").GetString()!), RekorNoteVerifier.Create("rekor.sigstore.dev", key), "rekor.sigstore.dev - 2605736670972794746");
        Assert.Equal(23083062UL, result.Checkpoint.Size);
        Assert.Equal("75aba195e60ae18c80771c300ed4749742a748e599746d9bc2a1dfb656a7bdc2", Hex.Encode(result.Checkpoint.RootHash));
        Assert.Equal(["Timestamp: 1689177396617352539"], result.Checkpoint.Extensions);
    }

    private static string[] Labels(JsonElement c, string property) =>
        c.TryGetProperty(property, out var p) ? [.. p.EnumerateArray().Select(x => x.GetString()!)] : [];
}
