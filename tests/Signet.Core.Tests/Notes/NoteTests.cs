using Microsoft.Extensions.Time.Testing;
using Signet.Core.Keys;
using Signet.Core.Notes;

namespace Signet.Core.Tests.Notes;

public sealed class NoteTests
{
    private const string Body = "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    [Fact]
    public void Ed25519_and_ecdsa_log_keys_sign_and_verify_checkpoints()
    {
        using var ed = SigningKey.GenerateEd25519();
        using var ec = SigningKey.GenerateEcdsaP256();
        var edSigner = RekorNoteSigner.Create("example.com/log", ed);
        var ecSigner = RekorNoteSigner.Create("example.com/log", ec);
        var signed = NoteOpener.Sign(Body, edSigner, ecSigner);

        var edVerifier = RekorNoteVerifier.Create("example.com/log", ed.PublicKey);
        var ecVerifier = RekorNoteVerifier.Create("example.com/log", ec.PublicKey);
        Assert.Equal(edSigner.KeyHash, edVerifier.KeyHash);
        Assert.Equal(NoteKeyId.Compute("example.com/log", 0x01, ed.PublicKey.SpkiDer.AsSpan(12)), edVerifier.KeyHash);
        Assert.Equal(NoteKeyId.FromSpki(ec.PublicKey.SpkiDer), ecVerifier.KeyHash);

        // The whole digest (rekor-tiles' log ID) is SHA-256(name || 0x0A || type || key); the key ID is its first 4 bytes.
        var digest = NoteKeyId.Digest("example.com/log", 0x01, ed.PublicKey.Ed25519Raw);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData([.. "example.com/log\n"u8, 0x01, .. ed.PublicKey.Ed25519Raw]), digest);
        Assert.Equal(edVerifier.KeyHash, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(digest));

        var byEd = CheckpointVerifier.Verify(signed, edVerifier, "example.com/log");
        Assert.Equal(5UL, byEd.Checkpoint.Size);
        Assert.Single(byEd.Note.Unverified); // the ECDSA line is unknown to this caller
        var byEc = CheckpointVerifier.Verify(signed, ecVerifier);
        Assert.Single(byEc.Note.Verified);

        // The other log's key (same name, different key) does not know either signature.
        using var stranger = SigningKey.GenerateEd25519();
        var e = Assert.Throws<NoteVerificationException>(() => { CheckpointVerifier.Verify(signed, RekorNoteVerifier.Create("example.com/log", stranger.PublicKey)); });
        Assert.Equal(NoteVerificationError.NoVerifiedSignature, e.Error);
    }

    [Fact]
    public void A_tampered_body_fails_for_the_known_key()
    {
        using var ec = SigningKey.GenerateEcdsaP256();
        var signed = System.Text.Encoding.UTF8.GetString(NoteOpener.Sign(Body, RekorNoteSigner.Create("example.com/log", ec)));
        var tampered = System.Text.Encoding.UTF8.GetBytes(signed.Replace("\n5\n", "\n6\n", StringComparison.Ordinal));
        var e = Assert.Throws<NoteVerificationException>(() => { CheckpointVerifier.Verify(tampered, RekorNoteVerifier.Create("example.com/log", ec.PublicKey)); });
        Assert.Equal(NoteVerificationError.InvalidSignature, e.Error);
    }

    [Fact]
    public void Witness_cosignatures_verify_when_the_witness_key_is_known_and_are_ignored_otherwise()
    {
        using var log = SigningKey.GenerateEd25519();
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_123));
        using var witness = new CosignatureV1Signer("witness.example/w1", Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), clock);
        var logSigner = RekorNoteSigner.Create("example.com/log", log);
        var signed = NoteOpener.AddSignatures(NoteOpener.Sign(Body, logSigner), witness);
        var logVerifier = RekorNoteVerifier.Create("example.com/log", log.PublicKey);
        var witnessVerifier = Ed25519NoteKey.ParseVerifier(witness.VerifierKey);
        Assert.IsType<CosignatureV1Verifier>(witnessVerifier);
        Assert.Equal(witness.KeyHash, witnessVerifier.KeyHash);

        var ignored = CheckpointVerifier.Verify(signed, logVerifier);
        Assert.Equal("witness.example/w1", Assert.Single(ignored.Note.Unverified).Name);

        var both = CheckpointVerifier.Verify(signed, logVerifier, witnesses: [witnessVerifier]);
        Assert.Equal(2, both.Note.Verified.Count);
        Assert.Equal(1_700_000_123UL, CosignatureV1.TimestampOf(both.Note.Verified[1]));

        // The cosignature covers its timestamp: changing it breaks the signature.
        var text = System.Text.Encoding.UTF8.GetString(signed);
        var lines = text.Split('\n');
        var cosig = Convert.FromBase64String(lines[^2].Split(' ')[2]);
        cosig[4 + 7] ^= 1;
        lines[^2] = $"\u2014 witness.example/w1 {Convert.ToBase64String(cosig)}";
        var forged = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines));
        Assert.Equal(NoteVerificationError.InvalidSignature, Assert.Throws<NoteVerificationException>(() => { CheckpointVerifier.Verify(forged, logVerifier, witnesses: [witnessVerifier]); }).Error);
        Assert.Single(CheckpointVerifier.Verify(forged, logVerifier).Note.Unverified);
    }

    [Fact]
    public void A_witness_signature_alone_does_not_stand_in_for_the_log()
    {
        using var log = SigningKey.GenerateEd25519();
        using var witness = new CosignatureV1Signer("witness.example/w1", new byte[32], new FakeTimeProvider());
        var signed = NoteOpener.Sign(Body, witness);
        var e = Assert.Throws<NoteVerificationException>(() => { CheckpointVerifier.Verify(signed, RekorNoteVerifier.Create("example.com/log", log.PublicKey), witnesses: [Ed25519NoteKey.ParseVerifier(witness.VerifierKey)]); });
        Assert.Equal(NoteVerificationError.LogSignatureMissing, e.Error);
    }

    [Fact]
    public void The_origin_is_checked_when_given()
    {
        using var log = SigningKey.GenerateEd25519();
        var signed = NoteOpener.Sign(Body, RekorNoteSigner.Create("example.com/log", log));
        var e = Assert.Throws<NoteVerificationException>(() => { CheckpointVerifier.Verify(signed, RekorNoteVerifier.Create("example.com/log", log.PublicKey), "example.com/other"); });
        Assert.Equal(NoteVerificationError.OriginMismatch, e.Error);
    }

    [Fact]
    public void Generated_note_keys_round_trip_through_their_strings()
    {
        var (skey, vkey) = Ed25519NoteKey.Generate("example.com/log");
        Assert.StartsWith("PRIVATE+KEY+example.com/log+", skey);
        var signer = Ed25519NoteKey.ParseSigner(skey);
        var verifier = Ed25519NoteKey.ParseVerifier(vkey);
        Assert.Equal(signer.KeyHash, verifier.KeyHash);
        var opened = NoteOpener.Open(NoteOpener.Sign(Body, signer), [verifier]);
        Assert.Equal(Body, opened.Text);
        Assert.Throws<SignetFormatException>(() => Ed25519NoteKey.ParseSigner(skey.Replace("PRIVATE+KEY+", "PRIVATE+KEYS+", StringComparison.Ordinal)));
        Assert.Throws<SignetFormatException>(() => Ed25519NoteKey.ParseSigner(skey.Replace("example.com/log", "example.com/lag", StringComparison.Ordinal)));
    }

    [Fact]
    public void Format_round_trips_parse()
    {
        var note = SignedNote.Parse(System.Text.Encoding.UTF8.GetBytes(Body + "\n\u2014 a AAAAAQI=\n\u2014 b/c /////wI=\n"));
        Assert.Equal(Body, note.Text);
        Assert.Equal(new NoteSignature("a", 1, [2]).KeyLabel, note.Signatures[0].KeyLabel);
        Assert.Equal(0xffffffffu, note.Signatures[1].KeyHash);
        Assert.Equal(Body + "\n\u2014 a AAAAAQI=\n\u2014 b/c /////wI=\n", System.Text.Encoding.UTF8.GetString(note.Format()));
    }

    [Theory]
    [InlineData("text\n\n\u2014 a AAAAAQI", "does not end in a newline")]
    [InlineData("text\n\n\u2014 a AAAAAQ==\n", "shorter than a key ID")]
    [InlineData("text\n\n\u2014 a AAAAAQI=\n\n", "no signature lines")]
    [InlineData("text\n\n- a AAAAAQI=\n", "does not start with an em dash")]
    [InlineData("text\n\n\u2014 aAAAAAQI=\n", "no space")]
    [InlineData("text\n\n\u2014  AAAAAQI=\n", "key name is empty")]
    [InlineData("text\n\n\u2014 a+b AAAAAQI=\n", "key name")]
    [InlineData("text\n\n\u2014 a\u00a0b AAAAAQI=\n", "key name")]
    [InlineData("text\n\n\u2014 a AAAA AQI=\n", "not valid base64")]
    [InlineData("text\n\n\u2014 a \n", "not valid base64")]
    [InlineData("te\txt\n\n\u2014 a AAAAAQI=\n", "control character 0x09")]
    [InlineData("text\r\n\n\u2014 a AAAAAQI=\n", "control character 0x0d")]
    [InlineData("text\n", "no blank line")]
    [InlineData("", "no blank line")]
    [InlineData("text\n\n", "no signature lines")]
    public void Malformed_notes_are_format_errors_naming_the_problem(string note, string expected)
    {
        var e = Assert.Throws<SignetFormatException>(() => SignedNote.Parse(System.Text.Encoding.UTF8.GetBytes(note)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Oversized_and_invalid_utf8_notes_are_refused()
    {
        var big = new byte[SignedNote.MaxNoteBytes + 1];
        big.AsSpan().Fill((byte)'a');
        Assert.Contains("exceeds the limit", Assert.Throws<SignetFormatException>(() => SignedNote.Parse(big)).Message);
        Assert.Contains("exceeds the limit", Assert.Throws<SignetFormatException>(() => { NoteOpener.Open(big, []); }).Message);
        Assert.Contains("not valid UTF-8", Assert.Throws<SignetFormatException>(() => SignedNote.Parse([0x61, 0xc3, 0x0a, 0x0a])).Message);
    }

    [Fact]
    public void Exactly_one_hundred_signature_lines_are_accepted_and_one_more_is_not()
    {
        var lines = string.Concat(Enumerable.Range(0, 100).Select(i => $"\u2014 k{i} AAAAAQI=\n"));
        Assert.Equal(100, SignedNote.Parse(System.Text.Encoding.UTF8.GetBytes("t\n\n" + lines)).Signatures.Count);
        Assert.Contains("more than 100", Assert.Throws<SignetFormatException>(() => SignedNote.Parse(System.Text.Encoding.UTF8.GetBytes("t\n\n" + lines + "\u2014 x AAAAAQI=\n"))).Message);
    }

    [Fact]
    public void Signing_refuses_text_without_a_final_newline_or_with_controls()
    {
        var (skey, _) = Ed25519NoteKey.Generate("k");
        var signer = Ed25519NoteKey.ParseSigner(skey);
        Assert.Contains("end in a newline", Assert.Throws<SignetFormatException>(() => NoteOpener.Sign("no newline", signer)).Message);
        Assert.Contains("control character", Assert.Throws<SignetFormatException>(() => NoteOpener.Sign("a\u0007\n", signer)).Message);
    }

    [Fact]
    public void Rsa_keys_cannot_sign_checkpoints()
    {
        using var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "keys", "rsa-2048.pem")));
        var key = VerificationKey.FromSpki(rsa.ExportSubjectPublicKeyInfo());
        Assert.Throws<SignetFormatException>(() => RekorNoteVerifier.Create("log", key));
        Assert.Throws<SignetFormatException>(() => RekorNoteVerifier.Create("bad name", SigningKeyPublic()));
    }

    private static VerificationKey SigningKeyPublic()
    {
        using var k = SigningKey.GenerateEd25519();
        return k.PublicKey;
    }
}
