using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>Every kind of bundle the virtual Sigstore issues verifies, and the result says what was verified.</summary>
public sealed class HappyPathTests(VirtualSigstoreFixture fixture) : VerificationTestBase(fixture)
{
    public static TheoryData<int, bool, bool, BundleLog, string> Kinds()
    {
        var data = new TheoryData<int, bool, bool, BundleLog, string>();
        foreach (var version in new[] { 1, 2, 3 })
        {
            foreach (var dsse in new[] { false, true })
            {
                foreach (var keyless in new[] { true, false })
                {
                    data.Add(version, dsse, keyless, BundleLog.RekorV1, "dsse");

                    // v0.1 needs an inclusion promise, which only Rekor v1 gives.
                    if (version > 1)
                    {
                        data.Add(version, dsse, keyless, BundleLog.RekorV2, "dsse");
                    }
                }
            }

            data.Add(version, true, true, BundleLog.RekorV1, "intoto");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_bundle_kind_verifies(int version, bool dsse, bool keyless, BundleLog log, string envelopeKind)
    {
        using var key = keyless ? null : SigningKey.GenerateEcdsaP256();
        var bundle = await IssueAsync(new BundleRequest
        {
            MinorVersion = version, Dsse = dsse, Key = key, Log = log, EnvelopeKind = envelopeKind,
            Timestamp = log == BundleLog.RekorV2, // Rekor v2 has no integrated time: the TSA gives the time
        });

        var result = Verify(bundle, policy: key is null ? AlicePolicy : VerificationPolicy.ForPublicKey(key.PublicKey));

        Assert.Equal(bundle.MediaType, result.MediaType);
        var entry = Assert.Single(result.LogEntries);
        Assert.True(entry.InclusionProofVerified);
        Assert.Equal(log == BundleLog.RekorV1, entry.SignedEntryTimestampVerified);
        var expectedKind = log == BundleLog.RekorV2 || !dsse ? "hashedrekord" : envelopeKind;
        Assert.Equal(expectedKind, entry.Kind);
        Assert.Equal(key is null ? Alice : null, result.Certificate?.SubjectAlternativeName);
        Assert.Equal(dsse, result.Statement is not null);
        Assert.Contains(result.Timestamps, t => t.Source == (log == BundleLog.RekorV1 ? TimestampSource.TransparencyLog : TimestampSource.TimestampAuthority));
    }

    [Fact]
    public async Task A_bundle_with_only_a_signed_timestamp_verifies_when_no_log_is_required()
    {
        var bundle = await IssueAsync(new BundleRequest { Log = BundleLog.None, Timestamp = true });

        var result = Verify(bundle, VerifierOptions.Default.WithoutTransparencyLogUnsafe());

        Assert.Empty(result.LogEntries);
        Assert.Equal(TimestampSource.TimestampAuthority, Assert.Single(result.Timestamps).Source);
    }

    [Fact]
    public async Task A_key_signed_bundle_without_log_or_timestamp_verifies_only_when_the_caller_opts_out()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var bundle = await IssueAsync(new BundleRequest { Log = BundleLog.None, Key = key });
        var unsafeOptions = VerifierOptions.Default.WithoutTransparencyLogUnsafe().WithoutObserverTimestampsForKeysUnsafe();

        Assert.Empty(Verify(bundle, unsafeOptions, VerificationPolicy.ForPublicKey(key.PublicKey)).Timestamps);
        AssertRefused(VerificationErrorCode.InsufficientTimestamps, "0 verified times", () =>
            Verify(bundle, VerifierOptions.Default.WithoutTransparencyLogUnsafe(), VerificationPolicy.ForPublicKey(key.PublicKey)));
    }

    [Fact]
    public async Task A_rekor_v1_bundle_with_a_signed_timestamp_has_two_verified_times()
    {
        var bundle = await IssueAsync(new BundleRequest { Timestamp = true });

        var result = Verify(bundle, VerifierOptions.Default with { ObserverTimestampThreshold = 2, SignedTimestampThreshold = 1 });

        Assert.Equal(
            [TimestampSource.TimestampAuthority, TimestampSource.TransparencyLog],
            result.Timestamps.Select(t => t.Source).ToArray());
    }
}
