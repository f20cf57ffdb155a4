using System.Security.Cryptography.X509Certificates;
using Signet.Core.Encoding;

namespace Signet.Core.Certificates;

/// <summary>
/// The time a service's own certificate chain is valid (the latest <c>notBefore</c> to the earliest <c>notAfter</c>),
/// which a service that signs with it — the CA issuing a certificate, the TSA a timestamp — checks its clock against
/// first: what it signs outside that window no verifier accepts (RFC 5280 §6.1.3 (a)(2); RFC 3161 §2.4.2 genTime
/// within the signer's validity), so it refuses rather than hand out a signature that cannot verify. The usual cause
/// is the server's clock: set back after the chain was made, or the chain made on a machine whose clock ran ahead.
/// </summary>
public sealed class IssuingChainValidity
{
    private readonly string _what;

    /// <param name="what">The service, as messages name it ("the CA's certificate chain").</param>
    /// <param name="chain">The certificates whose validity every signature depends on.</param>
    public IssuingChainValidity(string what, IEnumerable<X509Certificate2> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var certificates = chain.ToList();
        if (certificates.Count == 0)
        {
            throw new ArgumentException("the chain is empty", nameof(chain));
        }

        _what = what;
        NotBefore = certificates.Max(c => new DateTimeOffset(c.NotBefore.ToUniversalTime()));
        NotAfter = certificates.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime()));
    }

    /// <summary>When every certificate of the chain has become valid.</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>When the first certificate of the chain expires.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>Why a signature made at <paramref name="now"/> (and valid until <paramref name="until"/>) would not verify, or null.</summary>
    public string? Problem(DateTimeOffset now, DateTimeOffset until)
    {
        if (now < NotBefore)
        {
            return $"{_what} is valid from {Rfc3339.Seconds(NotBefore)}, and this server's clock says {Rfc3339.Seconds(now)} (is it behind?)";
        }

        return until > NotAfter
            ? $"{_what} expires at {Rfc3339.Seconds(NotAfter)}, before what it would sign now ({Rfc3339.Seconds(now)} to {Rfc3339.Seconds(until)}); it needs a new chain"
            : null;
    }

    /// <summary>Throws unless a signature made at <paramref name="now"/> and valid until <paramref name="until"/> lies in the window.</summary>
    /// <exception cref="SignetUnavailableException">It does not: unavailable until the clock or the chain is put right.</exception>
    public void Ensure(DateTimeOffset now, DateTimeOffset until)
    {
        if (Problem(now, until) is { } problem)
        {
            throw new SignetUnavailableException(SignetErrorCodes.OutsideValidity, $"cannot sign now: {problem}")
            {
                RetryAfter = now < NotBefore && NotBefore - now < TimeSpan.FromDays(1) ? NotBefore - now : null,
            };
        }
    }
}
