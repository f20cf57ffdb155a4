using Signet.Core.Ct;

namespace Signet.Ca.Ct;

/// <summary>
/// How the CA reaches a CT log: the same operation whether the log runs in-process (Signet.Log.Ct's <c>CtLog</c>) or behind
/// <c>POST /ct/v1/add-pre-chain</c> elsewhere.
/// </summary>
public interface ICtLogSubmitter
{
    /// <summary>RFC 6962 §4.1 add-pre-chain: logs the precertificate chain (precert, issuer, …, root) and returns the SCT.</summary>
    Task<SignedCertificateTimestamp> AddPreChainAsync(IReadOnlyList<byte[]> chain, CancellationToken cancellationToken);
}
