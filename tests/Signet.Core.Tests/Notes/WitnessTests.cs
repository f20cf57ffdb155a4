using Microsoft.Extensions.Time.Testing;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Core.Tests.Notes;

/// <summary>C2SP tlog-witness request bodies, witness quorums and the verifier keys witnesses list.</summary>
public sealed class WitnessTests
{
    private const string Body = "example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    // C2SP/C2SP@5ba5ee83 tlog-witness.md, §add-checkpoint example request body (verbatim).
    private const string SpecExample =
        "old 20852014\n" +
        "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n" +
        "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n" +
        "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n" +
        "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n" +
        "\n" +
        "example.com/behind-the-sofa\n" +
        "20852163\n" +
        "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n" +
        "\n" +
        "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n" +
        "\u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n";

    // transparency-dev/witness@54dbcdd1 omniwitness/logs.yaml: Rekor v1's ECDSA key as a type-0x02 verifier key.
    private const string RekorVkey = "rekor.sigstore.dev+c0d23d6a+AjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNhtmPtrWm3U1eQXBogSMdGvXwBcK5AW5i0hrZLOC96l+smGNM7nwZ4QvFK/4sueRoVj//QP22Ni4Qt9DPfkWLc=";

    [Fact]
    public void The_spec_example_request_parses_and_formats_back_byte_for_byte()
    {
        var request = AddCheckpointRequest.Parse(System.Text.Encoding.UTF8.GetBytes(SpecExample));
        Assert.Equal(20852014UL, request.OldSize);
        Assert.Equal(4, request.Proof.Count);
        Assert.All(request.Proof, h => Assert.Equal(Rfc6962.HashSize, h.Length));
        var note = SignedNote.Parse(request.Checkpoint);
        Assert.Equal(20852163UL, Checkpoint.Parse(note.Text).Size);
        Assert.Equal(2, note.Signatures.Count);
        Assert.Equal(SpecExample, System.Text.Encoding.UTF8.GetString(request.Format()));
    }

    [Theory]
    [InlineData("old 01\n\nx\n", "leading zeroes")]
    [InlineData("old -1\n\nx\n", "decimal")]
    [InlineData("new 1\n\nx\n", "'old <size>'")]
    [InlineData("old 1\nnot base64!\n\nx\n", "proof line 1")]
    [InlineData("old 1\nAAAA\n\nx\n", "not a SHA-256 hash")]
    [InlineData("old 1\n", "empty line")]
    [InlineData("old 1\n\n", "no checkpoint")]
    [InlineData("old 18446744073709551616\n\nx\n", "64 bits")]
    public void Malformed_requests_are_invalid_input_naming_the_problem(string body, string expected)
    {
        var e = Assert.Throws<SignetFormatException>(() => AddCheckpointRequest.Parse(System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_63_proof_lines_are_refused()
    {
        var hash = Convert.ToBase64String(new byte[32]) + "\n";
        var ok = "old 1\n" + string.Concat(Enumerable.Repeat(hash, 63)) + "\n" + Body;
        Assert.Equal(63, AddCheckpointRequest.Parse(System.Text.Encoding.UTF8.GetBytes(ok)).Proof.Count);
        var tooMany = "old 1\n" + string.Concat(Enumerable.Repeat(hash, 64)) + "\n" + Body;
        Assert.Contains("more than 63", Assert.Throws<SignetFormatException>(() => AddCheckpointRequest.Parse(System.Text.Encoding.UTF8.GetBytes(tooMany))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_conflict_body_is_the_size_and_a_newline()
    {
        Assert.Equal("20852014\n"u8.ToArray(), AddCheckpointRequest.FormatSize(20852014));
        Assert.Equal(20852014UL, AddCheckpointRequest.ParseSize("20852014\n"u8));
        Assert.Throws<SignetFormatException>(() => AddCheckpointRequest.ParseSize("20852014"u8));
        Assert.Throws<SignetFormatException>(() => AddCheckpointRequest.ParseSize("007\n"u8));
    }

    [Fact]
    public void A_quorum_counts_each_trusted_witness_once_and_ignores_strangers()
    {
        var (signed, w1, w2, stranger) = Cosigned();
        var quorum = new WitnessQuorum([Verifier(w1), Verifier(w2)], 2);
        Assert.Equal(["witness.example/w1", "witness.example/w2"], quorum.Check(signed).Select(s => s.Name));

        // The same line twice is still one witness; the stranger's line is not counted.
        var doubled = NoteOpener.AddSignatures(signed, w1);
        var onlyOne = new WitnessQuorum([Verifier(w1), Verifier(stranger)], 2);
        Assert.Throws<NoteVerificationException>(() => { new WitnessQuorum([Verifier(w1), Verifier(w2), Verifier(stranger)], 3).Check(doubled); });
        Assert.Single(new WitnessQuorum([Verifier(w1)], 1).Check(doubled));
        Assert.Equal(NoteVerificationError.WitnessQuorumNotMet, Assert.Throws<NoteVerificationException>(() => { onlyOne.Check(signed); }).Error);
        Assert.Empty(WitnessQuorum.None.Check(signed));
    }

    [Fact]
    public void A_bad_cosignature_of_a_trusted_witness_rejects_the_note()
    {
        var (signed, w1, w2, _) = Cosigned();
        var text = System.Text.Encoding.UTF8.GetString(signed);
        var lines = text.Split('\n');
        var raw = Convert.FromBase64String(lines[^2].Split(' ')[2]);
        raw[^1] ^= 1;
        lines[^2] = $"\u2014 witness.example/w2 {Convert.ToBase64String(raw)}";
        var forged = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines));
        var e = Assert.Throws<NoteVerificationException>(() => { new WitnessQuorum([Verifier(w1), Verifier(w2)], 1).Check(forged); });
        Assert.Equal(NoteVerificationError.InvalidSignature, e.Error);
    }

    [Fact]
    public void A_quorum_must_be_reachable_and_witnesses_distinct()
    {
        var (_, w1, _, _) = Cosigned();
        Assert.Throws<ArgumentException>(() => new WitnessQuorum([Verifier(w1)], 2));
        Assert.Throws<ArgumentException>(() => new WitnessQuorum([Verifier(w1)], -1));
        Assert.Throws<ArgumentException>(() => new WitnessQuorum([Verifier(w1), Verifier(w1)], 1));
    }

    [Fact]
    public void Verifier_keys_of_type_ecdsa_parse_with_the_spki_key_id_and_others_still_parse()
    {
        var rekor = NoteVerifierKey.Parse(RekorVkey);
        Assert.Equal("rekor.sigstore.dev", rekor.Name);
        Assert.Equal(0xc0d23d6aU, rekor.KeyHash);
        var wrongId = RekorVkey.Replace("+c0d23d6a+", "+c0d23d6b+", StringComparison.Ordinal);
        Assert.Throws<SignetFormatException>(() => NoteVerifierKey.Parse(wrongId));

        var (_, ed) = Ed25519NoteKey.Generate("example.com/log");
        Assert.IsType<Ed25519NoteVerifier>(NoteVerifierKey.Parse(ed));
        Assert.Contains("type 0x04", Assert.Throws<SignetFormatException>(() => NoteVerifierKey.ParseCosigner(ed)).Message, StringComparison.Ordinal);
        var (_, w1, _, _) = Cosigned();
        Assert.Equal(w1.KeyHash, NoteVerifierKey.ParseCosigner(w1.VerifierKey).KeyHash);
    }

    private static INoteVerifier Verifier(CosignatureV1Signer s) => NoteVerifierKey.ParseCosigner(s.VerifierKey);

    private static (byte[] Signed, CosignatureV1Signer W1, CosignatureV1Signer W2, CosignatureV1Signer Stranger) Cosigned()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        using var log = SigningKey.GenerateEd25519();
        var w1 = new CosignatureV1Signer("witness.example/w1", Enumerable.Repeat((byte)1, 32).ToArray(), clock);
        var w2 = new CosignatureV1Signer("witness.example/w2", Enumerable.Repeat((byte)2, 32).ToArray(), clock);
        var stranger = new CosignatureV1Signer("witness.example/w3", Enumerable.Repeat((byte)3, 32).ToArray(), clock);
        var signed = NoteOpener.AddSignatures(NoteOpener.Sign(Body, RekorNoteSigner.Create("example.com/log", log)), w1, w2);
        return (signed, w1, w2, stranger);
    }
}
