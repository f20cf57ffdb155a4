using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// An entry without a signed entry timestamp (the Rekor v2 shape: inclusion proof and checkpoint only) has nothing signed
/// that names its log ID, so for an ECDSA log the ID must be SHA-256 of the trusted key (RFC 6962 §3.2, as C2SP's
/// checkpoint key ID of an ECDSA key is); a trusted root that pairs the key with another ID does not vouch for it.
/// </summary>
public sealed class LogIdTests(VirtualSigstoreFixture fixture) : VerificationTestBase(fixture)
{
    [Fact]
    public async Task An_ECDSA_log_entry_without_a_promise_under_an_ID_that_is_not_its_keys_is_refused()
    {
        var issued = await IssueAsync(new BundleRequest { Timestamp = true });
        var id = issued.VerificationMaterial.TlogEntries[0].LogId;
        var otherId = Flipped(id);
        var bundle = WithEntry(issued, e => e with { SignedEntryTimestamp = null, IntegratedTime = 0, LogId = otherId });
        var root = Sigstore.TrustedRoot;
        root = root with { Tlogs = [.. root.Tlogs.Select(t => t.LogId.AsSpan().SequenceEqual(id) ? t with { LogId = otherId } : t)] };

        AssertRefused(VerificationErrorCode.TransparencyLogUnknown, "is not the ID of the ECDSA key of log", () => Verify(bundle, root: root));
    }

    [Fact]
    public async Task An_ECDSA_log_entry_without_a_promise_under_its_keys_ID_verifies_by_its_checkpoint()
    {
        var bundle = WithEntry(await IssueAsync(new BundleRequest { Timestamp = true }), e => e with { SignedEntryTimestamp = null, IntegratedTime = 0 });

        var result = Verify(bundle);

        Assert.True(Assert.Single(result.LogEntries).InclusionProofVerified);
    }
}
