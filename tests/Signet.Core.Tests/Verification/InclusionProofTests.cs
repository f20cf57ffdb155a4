using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Notes;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// Client-spec §4.3 "Transparency log", the proof: the inclusion proof (RFC 6962 §2.1.1) leads from the entry's leaf
/// to the root of a checkpoint (C2SP tlog-checkpoint) signed by that log, whose origin names the log and whose size
/// and root are the proof's; witnesses cosign it when a quorum is required (C2SP tlog-cosignature).
/// </summary>
public sealed class InclusionProofTests(VirtualSigstoreFixture fixture) : VerificationTestBase(fixture)
{
    /// <summary>A bundle whose entry sits at index 2 or later, so its proof has hashes.</summary>
    private async Task<Bundle> DeepAsync(BundleLog log = BundleLog.RekorV1)
    {
        var request = new BundleRequest { Log = log, Timestamp = log == BundleLog.RekorV2 };
        await IssueAsync(request);
        await IssueAsync(request);
        return await IssueAsync(request);
    }

    [Theory]
    [InlineData(BundleLog.RekorV1)]
    [InlineData(BundleLog.RekorV2)]
    public async Task A_tampered_proof_hash_is_refused(BundleLog log)
    {
        var bundle = WithProof(await DeepAsync(log), p => p with { Hashes = [Flipped(p.Hashes[0]), .. p.Hashes.Skip(1)] });

        AssertRefused(VerificationErrorCode.InclusionProofInvalid, "the inclusion proof does not verify", () => Verify(bundle));
    }

    [Fact]
    public async Task A_proof_for_another_index_is_refused()
    {
        var bundle = WithProof(await DeepAsync(), p => p with { LogIndex = p.LogIndex - 1 });

        AssertRefused(VerificationErrorCode.InclusionProofInvalid, "the inclusion proof does not verify", () => Verify(bundle));
    }

    [Fact]
    public async Task A_proof_index_outside_the_tree_is_refused()
    {
        var bundle = WithProof(await DeepAsync(), p => p with { LogIndex = p.TreeSize });

        AssertRefused(VerificationErrorCode.InclusionProofInvalid, "is outside tree size", () => Verify(bundle));
    }

    [Fact]
    public async Task A_checkpoint_of_another_log_is_refused()
    {
        using var other = new VirtualSigstore();
        var foreign = await other.IssueAsync(new BundleRequest());
        var bundle = WithProof(await IssueAsync(), p => p with { Checkpoint = foreign.VerificationMaterial.TlogEntries[0].InclusionProof!.Checkpoint });

        AssertRefused(VerificationErrorCode.CheckpointInvalid, "log rekor.in-memory.test", () => Verify(bundle));
    }

    [Fact]
    public async Task A_checkpoint_without_signatures_is_refused()
    {
        var bundle = WithProof(await IssueAsync(), p => p with { Checkpoint = p.Checkpoint![..(p.Checkpoint!.IndexOf("\n\n", StringComparison.Ordinal) + 2)] });

        AssertRefused(VerificationErrorCode.CheckpointInvalid, "the checkpoint carries no signatures", () => Verify(bundle));
    }

    [Fact]
    public async Task A_checkpoint_whose_text_was_changed_is_refused()
    {
        var bundle = WithProof(await DeepAsync(), p => p with { Checkpoint = ReplaceSize(p.Checkpoint!, p.TreeSize, p.TreeSize + 1) });

        AssertRefused(VerificationErrorCode.CheckpointInvalid, "is not signed by log rekor.in-memory.test", () => Verify(bundle));
    }

    [Fact]
    public async Task A_checkpoint_for_another_tree_than_the_proofs_is_refused()
    {
        var bundle = WithProof(await DeepAsync(), p => p with { RootHash = Flipped(p.RootHash) });

        AssertRefused(VerificationErrorCode.CheckpointInvalid, "does not commit to the proof's tree", () => Verify(bundle));
    }

    [Fact]
    public async Task A_checkpoint_without_the_required_witness_cosignatures_is_refused()
    {
        using var witnessKey = SigningKey.GenerateEd25519();
        var witnesses = new WitnessQuorum([RekorNoteVerifier.Create("witness.example", witnessKey.PublicKey)], 1);
        var bundle = await IssueAsync();

        var e = Assert.Throws<VerificationException>(() => Verify(bundle, VerifierOptions.Default with { Witnesses = witnesses }));
        Assert.Equal(VerificationErrorCode.WitnessQuorumNotMet, e.Code);
        Assert.Equal(VerificationStep.TransparencyLog, e.Step);
    }

    [Fact]
    public async Task A_v01_entry_with_only_a_signed_entry_timestamp_verifies()
    {
        var bundle = WithEntry(await IssueAsync(new BundleRequest { MinorVersion = 1 }), e => e with { InclusionProof = null });

        var entry = Assert.Single(Verify(bundle).LogEntries);
        Assert.False(entry.InclusionProofVerified);
        Assert.True(entry.SignedEntryTimestampVerified);
    }

    private static string ReplaceSize(string note, long size, long other)
    {
        var lines = note.Split('\n');
        Assert.Equal(size.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[1]);
        lines[1] = other.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join('\n', lines);
    }
}
