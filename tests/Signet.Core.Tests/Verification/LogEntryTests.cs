using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// Client-spec §4.3 "Transparency log", the entry: a log of the trusted root whose key was valid when the entry was
/// integrated, a body that describes this bundle (signature, key or certificate, artifact or envelope), a signed
/// entry timestamp that verifies (Rekor v1), and enough distinct entries.
/// </summary>
public sealed class LogEntryTests(VirtualSigstoreFixture fixture) : VerificationTestBase(fixture)
{
    [Fact]
    public async Task An_entry_of_a_log_the_trusted_root_does_not_hold_is_refused()
    {
        var bundle = await IssueAsync();

        AssertRefused(VerificationErrorCode.TransparencyLogUnknown, "is not a transparency log of the trusted root", () =>
            Verify(bundle, root: Sigstore.TrustedRoot with { Tlogs = [Sigstore.RekorV2.TrustedRootEntry] }));
    }

    [Fact]
    public async Task An_entry_integrated_outside_the_log_keys_window_is_refused()
    {
        var bundle = await IssueAsync();

        AssertRefused(VerificationErrorCode.TransparencyLogUnknown, "the key of log https://rekor.in-memory.test was not valid at", () =>
            Verify(bundle, root: Sigstore.TrustedRoot with { Tlogs = [Expired(Sigstore.RekorV1.TrustedRootEntry)] }));
    }

    [Fact]
    public async Task A_rekor_v2_entry_timestamped_outside_the_log_keys_window_is_refused()
    {
        var bundle = await IssueAsync(new BundleRequest { Log = BundleLog.RekorV2, Timestamp = true });

        AssertRefused(VerificationErrorCode.TransparencyLogUnknown, "the key of log https://log2025.in-memory.test was not valid at", () =>
            Verify(bundle, root: Sigstore.TrustedRoot with { Tlogs = [Expired(Sigstore.RekorV2.TrustedRootEntry)] }));
    }

    [Fact]
    public async Task A_tampered_signed_entry_timestamp_is_refused()
    {
        var bundle = WithEntry(await IssueAsync(), e => e with { SignedEntryTimestamp = Flipped(e.SignedEntryTimestamp!) });

        AssertRefused(VerificationErrorCode.SignedEntryTimestampInvalid, "the signed entry timestamp does not verify with the key of https://rekor.in-memory.test", () => Verify(bundle));
    }

    [Fact]
    public async Task A_changed_integrated_time_breaks_the_signed_entry_timestamp()
    {
        var bundle = WithEntry(await IssueAsync(), e => e with { IntegratedTime = e.IntegratedTime - 60 });

        AssertRefused(VerificationErrorCode.SignedEntryTimestampInvalid, "does not verify", () => Verify(bundle));
    }

    [Fact]
    public async Task A_signed_entry_timestamp_without_an_integrated_time_is_refused()
    {
        var bundle = WithEntry(await IssueAsync(), e => e with { IntegratedTime = 0 });

        AssertRefused(VerificationErrorCode.SignedEntryTimestampInvalid, "a signed entry timestamp needs an integrated time", () => Verify(bundle));
    }

    [Fact]
    public async Task The_entry_of_another_signature_does_not_match()
    {
        var other = await IssueAsync();
        var bundle = WithEntry(await IssueAsync(), _ => other.VerificationMaterial.TlogEntries[0]);

        AssertRefused(VerificationErrorCode.TransparencyLogEntryMismatch, "the entry records a different signature", () => Verify(bundle));
    }

    [Fact]
    public async Task The_entry_does_not_match_another_artifact()
    {
        var bundle = await IssueAsync();

        AssertRefused(VerificationErrorCode.TransparencyLogEntryMismatch, "the entry records a different artifact digest", () =>
            Verify(bundle, artifact: Artifact.FromBytes("another artifact"u8.ToArray())));
    }

    [Fact]
    public async Task An_entry_of_a_sha256_digest_cannot_be_matched_with_only_a_sha384_digest()
    {
        var bundle = await IssueAsync();
        var sha384 = System.Security.Cryptography.SHA384.HashData(ArtifactBytes);

        AssertRefused(VerificationErrorCode.TransparencyLogEntryMismatch, "the entry records a SHA256 digest but only other digests of the artifact are known", () =>
            Verify(bundle, artifact: Artifact.FromDigest(System.Security.Cryptography.HashAlgorithmName.SHA384, sha384)));
    }

    [Fact]
    public async Task An_envelope_entry_cannot_record_a_message_signature()
    {
        var envelope = await IssueAsync(new BundleRequest { Dsse = true });
        var bundle = WithEntry(await IssueAsync(), _ => envelope.VerificationMaterial.TlogEntries[0]);

        AssertRefused(VerificationErrorCode.TransparencyLogEntryMismatch, "a dsse entry cannot record a message signature", () => Verify(bundle));
    }

    [Theory]
    [InlineData(BundleLog.RekorV1, "dsse", "the entry records a different payload hash")]
    [InlineData(BundleLog.RekorV1, "intoto", "the entry records a different payload hash")]
    [InlineData(BundleLog.RekorV2, "dsse", "the entry's digest is not Hash(PAE) of this envelope")]
    public async Task An_envelope_entry_does_not_match_another_payload(BundleLog log, string kind, string because)
    {
        var bundle = await IssueAsync(new BundleRequest { Dsse = true, Log = log, EnvelopeKind = kind, Timestamp = log == BundleLog.RekorV2 });
        var other = await IssueAsync(new BundleRequest { Dsse = true, Artifact = "another artifact"u8.ToArray(), Log = BundleLog.None, Timestamp = true });
        bundle = bundle with { DsseEnvelope = bundle.DsseEnvelope! with { Payload = other.DsseEnvelope!.Payload } };

        AssertRefused(VerificationErrorCode.TransparencyLogEntryMismatch, because, () => Verify(bundle));
    }

    [Fact]
    public async Task Fewer_entries_than_required_are_refused()
    {
        var bundle = await IssueAsync();

        AssertRefused(VerificationErrorCode.InsufficientTransparencyLogEntries, "1 verified transparency log entries, 2 required", () =>
            Verify(bundle, VerifierOptions.Default with { TransparencyLogThreshold = 2 }));
    }

    [Fact]
    public async Task The_same_entry_twice_counts_once()
    {
        var bundle = await IssueAsync();
        var entry = bundle.VerificationMaterial.TlogEntries[0];
        bundle = bundle with { VerificationMaterial = bundle.VerificationMaterial with { TlogEntries = [entry, entry] } };

        AssertRefused(VerificationErrorCode.InsufficientTransparencyLogEntries, "1 verified transparency log entries, 2 required", () =>
            Verify(bundle, VerifierOptions.Default with { TransparencyLogThreshold = 2 }));
    }

    private static TransparencyLogInstance Expired(TransparencyLogInstance log) =>
        log with { PublicKey = log.PublicKey with { ValidFor = new TimeRange(log.PublicKey.ValidFor!.Start, log.PublicKey.ValidFor.Start.AddMinutes(1)) } };
}
