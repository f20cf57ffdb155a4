namespace Signet.Core.Verification;

/// <summary>
/// Deployment settings of a verifier (sigstore-go's verifier options), validated once when the verifier is built.
/// Defaults follow the public-good instance: one log entry, one verified time, one SCT.
/// </summary>
public sealed record VerifierOptions
{
    /// <summary>Distinct verified transparency log entries required (client-spec §4.3; thresholds across logs).</summary>
    public int TransparencyLogThreshold { get; init; } = 1;

    /// <summary>Verified times required: RFC 3161 timestamps plus Rekor v1 integrated times (client-spec §4.1).</summary>
    public int ObserverTimestampThreshold { get; init; } = 1;

    /// <summary>Verified RFC 3161 timestamps required on their own.</summary>
    public int SignedTimestampThreshold { get; init; }

    /// <summary>Verified embedded SCTs required for a certificate (RFC 6962).</summary>
    public int SignedCertificateTimestampThreshold { get; init; } = 1;

    /// <summary>
    /// Accept a bundle signed with a key (no certificate) that carries no verified time at all. A key has no validity
    /// window, so without a log entry or timestamp there is nothing to place the signature in time; certificates still
    /// need <see cref="ObserverTimestampThreshold"/> verified times. Set through <see cref="WithoutObserverTimestampsForKeysUnsafe"/>.
    /// </summary>
    public bool KeysWithoutObserverTimestampsUnsafe { get; init; }

    /// <summary>
    /// Witnesses whose cosignatures each log entry's checkpoint must carry (C2SP tlog-cosignature): the checkpoint of
    /// every inclusion proof is checked with <see cref="Notes.WitnessQuorum.Check"/>, and an entry without a
    /// checkpoint fails when the quorum is above 0. Default: none required.
    /// </summary>
    public Notes.WitnessQuorum Witnesses { get; init; } = Notes.WitnessQuorum.None;

    /// <summary>Upper bound on log entries and timestamps looked at per bundle.</summary>
    public int MaxEntries { get; init; } = 32;

    /// <summary>
    /// The defaults: one transparency log entry and one timestamp required, SCTs required on certificates, no
    /// witnesses.
    /// </summary>
    public static VerifierOptions Default { get; } = new();

    /// <summary>Accept bundles with no transparency log entry. Only for private deployments without a log.</summary>
    public VerifierOptions WithoutTransparencyLogUnsafe() => this with { TransparencyLogThreshold = 0 };

    /// <summary>Accept certificates without a verified SCT. Only for private CAs without a CT log.</summary>
    public VerifierOptions WithoutSignedCertificateTimestampsUnsafe() => this with { SignedCertificateTimestampThreshold = 0 };

    /// <summary>
    /// Accept key-signed bundles with neither a log entry nor a timestamp (cosign's <c>--insecure-ignore-tlog</c> for
    /// images signed with <c>--tlog-upload=false</c>). Certificates keep every requirement.
    /// </summary>
    public VerifierOptions WithoutObserverTimestampsForKeysUnsafe() => this with { KeysWithoutObserverTimestampsUnsafe = true };

    internal void Validate()
    {
        if (TransparencyLogThreshold < 0 || ObserverTimestampThreshold < 0 || SignedTimestampThreshold < 0
            || SignedCertificateTimestampThreshold < 0)
        {
            throw new ArgumentException("verifier options: thresholds cannot be negative");
        }

        if (ObserverTimestampThreshold < 1)
        {
            throw new ArgumentException("verifier options: a certificate needs at least one verified time (ObserverTimestampThreshold >= 1)");
        }

        ArgumentNullException.ThrowIfNull(Witnesses);
        if (MaxEntries < Math.Max(TransparencyLogThreshold, SignedTimestampThreshold) || MaxEntries > 1024)
        {
            throw new ArgumentException("verifier options: MaxEntries must cover the thresholds and be at most 1024");
        }
    }
}
