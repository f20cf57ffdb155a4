using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signet.Core.Certificates;

namespace Signet.Core.Tests.Certificates;

/// <summary>
/// The window a service's chain is valid in, against the service's clock: the latest notBefore of the chain to its
/// earliest notAfter; a signature outside it is refused with the times and a retry time when it is only early.
/// </summary>
public sealed class IssuingChainValidityTests
{
    private static readonly DateTimeOffset T = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static X509Certificate2 Certificate(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest("CN=window", key, HashAlgorithmName.SHA256).CreateSelfSigned(notBefore, notAfter);
    }

    private static IssuingChainValidity Window()
    {
        // The intermediate opens later than the root, and the root closes earlier than the intermediate.
        using var intermediate = Certificate(T, T.AddDays(30));
        using var root = Certificate(T.AddDays(-1), T.AddDays(10));
        return new IssuingChainValidity("the CA's certificate chain", [intermediate, root]);
    }

    [Fact]
    public void The_window_is_the_latest_start_to_the_earliest_end_of_the_chain()
    {
        var w = Window();
        Assert.Equal((T, T.AddDays(10)), (w.NotBefore, w.NotAfter));
        Assert.Null(w.Problem(T, T.AddMinutes(10)));
        w.Ensure(T.AddDays(10).AddMinutes(-10), T.AddDays(10));
    }

    [Fact]
    public void A_clock_before_the_chain_is_refused_as_unavailable_until_it_opens()
    {
        var e = Assert.Throws<SignetUnavailableException>(() => Window().Ensure(T.AddMinutes(-47), T.AddMinutes(-37)));
        Assert.Equal(
            "cannot sign now: the CA's certificate chain is valid from 2026-06-01T12:00:00Z, and this server's clock says 2026-06-01T11:13:00Z (is it behind?)",
            e.Message);
        Assert.Equal((SignetErrorKind.Unavailable, SignetErrorCodes.OutsideValidity, TimeSpan.FromMinutes(47)), (e.ErrorKind, e.ErrorCode, e.RetryAfter));

        // More than a day early: no retry time (the clock is wrong, not a moment early).
        Assert.Null(Assert.Throws<SignetUnavailableException>(() => Window().Ensure(T.AddDays(-2), T.AddDays(-2))).RetryAfter);
    }

    [Fact]
    public void A_signature_that_would_outlive_the_chain_is_refused_saying_a_new_chain_is_needed()
    {
        var e = Assert.Throws<SignetUnavailableException>(() => Window().Ensure(T.AddDays(10).AddMinutes(-5), T.AddDays(10).AddMinutes(5)));
        Assert.Equal(
            "cannot sign now: the CA's certificate chain expires at 2026-06-11T12:00:00Z, before what it would sign now (2026-06-11T11:55:00Z to 2026-06-11T12:05:00Z); it needs a new chain",
            e.Message);
        Assert.Null(e.RetryAfter);
    }
}
