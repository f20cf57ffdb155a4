using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// Client-spec §4.1 "Establishing a time for the signature": each RFC 3161 timestamp is over the signature bytes
/// (the message imprint, RFC 3161 §2.4.2), signed by a TSA of the trusted root whose chain and window hold at the
/// stamped time; enough verified times (signed timestamps, integrated times) must be found.
/// </summary>
public sealed class SignedTimestampTests(VirtualSigstoreFixture fixture) : VerificationTestBase(fixture)
{
    private static readonly VerifierOptions NoLog = VerifierOptions.Default.WithoutTransparencyLogUnsafe();

    private Task<Bundle> TimestampedAsync() => IssueAsync(new BundleRequest { Log = BundleLog.None, Timestamp = true });

    private static Bundle WithTimestamp(Bundle bundle, byte[] token) =>
        bundle with { VerificationMaterial = bundle.VerificationMaterial with { Rfc3161Timestamps = [new Rfc3161SignedTimestamp(token)] } };

    [Fact]
    public async Task A_timestamp_of_a_tsa_the_trusted_root_does_not_hold_is_refused()
    {
        var bundle = await TimestampedAsync();

        AssertRefused(VerificationErrorCode.TimestampInvalid, "timestamp 0: not signed by a trusted timestamp authority valid at", () =>
            Verify(bundle, NoLog, root: Sigstore.TrustedRoot with { TimestampAuthorities = [] }));
    }

    [Fact]
    public async Task A_timestamp_checked_against_another_tsas_chain_is_refused()
    {
        using var other = new VirtualSigstore();
        var bundle = await TimestampedAsync();

        AssertRefused(VerificationErrorCode.TimestampInvalid, "not signed by a trusted timestamp authority", () =>
            Verify(bundle, NoLog, root: Sigstore.TrustedRoot with { TimestampAuthorities = [other.Tsa.TrustedRootEntry] }));
    }

    [Fact]
    public async Task A_timestamp_outside_the_tsas_trusted_window_is_refused()
    {
        var bundle = await TimestampedAsync();
        var tsa = Sigstore.Tsa.TrustedRootEntry;
        var root = Sigstore.TrustedRoot with { TimestampAuthorities = [tsa with { ValidFor = new TimeRange(tsa.ValidFor!.Start, tsa.ValidFor.Start.AddMinutes(1)) }] };

        AssertRefused(VerificationErrorCode.TimestampInvalid, "not signed by a trusted timestamp authority valid at", () => Verify(bundle, NoLog, root: root));
    }

    [Fact]
    public async Task A_timestamp_over_another_signature_is_refused()
    {
        var bundle = await TimestampedAsync();
        var other = await TimestampedAsync();

        AssertRefused(VerificationErrorCode.TimestampInvalid, "timestamp 0: the timestamp is not over this bundle's signature", () =>
            Verify(WithTimestamp(bundle, other.VerificationMaterial.Rfc3161Timestamps[0].SignedTimestamp), NoLog));
    }

    [Fact]
    public async Task Fewer_signed_timestamps_than_required_are_refused()
    {
        var bundle = await IssueAsync();

        AssertRefused(VerificationErrorCode.InsufficientTimestamps, "0 verified signed timestamps, 1 required", () =>
            Verify(bundle, VerifierOptions.Default with { SignedTimestampThreshold = 1 }));
    }

    [Fact]
    public async Task Fewer_verified_times_than_required_are_refused()
    {
        var bundle = await IssueAsync();

        AssertRefused(VerificationErrorCode.InsufficientTimestamps, "1 verified times (signed timestamps and integrated times), 2 required", () =>
            Verify(bundle, VerifierOptions.Default with { ObserverTimestampThreshold = 2 }));
    }

    [Fact]
    public async Task A_keyless_rekor_v2_bundle_without_a_timestamp_has_no_verified_time()
    {
        // Rekor v2 entries carry no integrated time: a certificate needs the TSA to place the signature in time.
        var bundle = await IssueAsync(new BundleRequest { Log = BundleLog.RekorV2 });

        AssertRefused(VerificationErrorCode.InsufficientTimestamps, "0 verified times", () => Verify(bundle));
    }
}
