using Signet.Core.Bundles;

namespace Signet.Client.Signing;

/// <summary>
/// A transparency log as a signer uses it (sigstore-go <c>pkg/sign</c> <c>Transparency</c>): records a signature and
/// answers with the entry a bundle carries — for Rekor v1 with a signed entry timestamp, for Rekor v2 with an inclusion
/// proof and checkpoint. <see cref="Services.RekorV1Client"/> and <see cref="Services.RekorV2Client"/> are the ones over
/// HTTP; each chooses the entry kind its API takes.
/// </summary>
public interface ITransparencyLogClient
{
    /// <summary>Appends an entry for <paramref name="content"/> (or finds the one the log already holds).</summary>
    /// <param name="content">What was signed, the signature, and the verifier.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The entry in the bundle's form (<c>TransparencyLogEntry</c> of protobuf-specs).</returns>
    Task<TransparencyLogEntry> RecordAsync(LogEntryContent content, CancellationToken cancellationToken);
}
