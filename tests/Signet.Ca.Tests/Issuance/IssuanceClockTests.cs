using Microsoft.Extensions.Time.Testing;
using Signet.Ca.Identity;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Testing.Sigstore;

namespace Signet.Ca.Tests.Issuance;

/// <summary>
/// The CA issues only within its chain's validity: a clock set back before the chain (or a chain made on a machine
/// whose clock ran ahead) made leaves that chained to a CA not yet valid at their notBefore, which every verifier refuses.
/// </summary>
public sealed class IssuanceClockTests
{
    [Fact]
    public async Task A_clock_set_back_before_the_chain_issues_nothing_and_says_why()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var ca = new InMemoryCertificateAuthority(time);
        using var key = SigningKey.GenerateEcdsaP256();
        var alice = new Principal(SanKind.Email, "alice@example.com", "https://issuer.example", [], "alice@example.com");
        await ca.IssueAsync(alice, key.PublicKey, CancellationToken.None);
        Assert.Equal(1, ca.Issued);

        time.AdjustTime(ca.ValidFrom.AddMinutes(-30)); // an NTP correction, say, stepping the clock back
        var e = await Assert.ThrowsAsync<SignetUnavailableException>(() => ca.IssueAsync(alice, key.PublicKey, CancellationToken.None));

        Assert.StartsWith("cannot sign now: the CA's certificate chain is valid from ", e.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(30), e.RetryAfter);
        Assert.Equal(1, ca.Issued);
    }
}
