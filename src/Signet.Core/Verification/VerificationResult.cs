using Signet.Core.Certificates;

namespace Signet.Core.Verification;

/// <summary>Where a verified time came from.</summary>
public enum TimestampSource
{
    /// <summary>An RFC 3161 timestamp from a trusted timestamp authority.</summary>
    TimestampAuthority,

    /// <summary>A Rekor v1 integrated time covered by a verified signed entry timestamp.</summary>
    TransparencyLog,
}

/// <summary>
/// A time the signature is proven to have existed at, where it came from and who vouched for it (TSA subject or log
/// URL).
/// </summary>
public sealed record VerifiedTimestamp(TimestampSource Source, DateTimeOffset Time, string Authority);

/// <summary>
/// A transparency log entry that matched the bundle: which log, where, its kind and version, and which of its proofs
/// were checked.
/// </summary>
public sealed record VerifiedLogEntry(string LogBaseUrl, long LogIndex, string Kind, string Version, DateTimeOffset? IntegratedTime, bool InclusionProofVerified, bool SignedEntryTimestampVerified);

/// <summary>The in-toto statement carried by a verified DSSE envelope.</summary>
public sealed record VerifiedStatement(string PayloadType, byte[] Payload, string PredicateType);

/// <summary>What was verified: who signed (certificate or key), when, and where it is logged.</summary>
public sealed record VerificationResult(
    string MediaType,
    FulcioCertificate? Certificate,
    string? PublicKeyHint,
    IReadOnlyList<VerifiedTimestamp> Timestamps,
    IReadOnlyList<VerifiedLogEntry> LogEntries,
    VerifiedStatement? Statement);
