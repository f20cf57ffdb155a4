using Signet.Core.Certificates;
using Signet.Tsa;

namespace Signet.Server.Tsa;

/// <summary>The TSA is not ready while its chain is not valid at the server's clock: <see cref="TimestampAuthority"/>
/// answers every request 503 then (the same window, <see cref="IssuingChainValidity"/>).</summary>
internal sealed class TsaReadiness(TsaCredentials credentials) : Health.IReadinessCheck
{
    private readonly IssuingChainValidity _validity = new("the TSA's certificate chain", credentials.Chain);

    public IEnumerable<string> NotReady(DateTimeOffset now) =>
        _validity.Problem(now, now) is { } problem ? [$"tsa: cannot sign now: {problem}"] : [];
}
