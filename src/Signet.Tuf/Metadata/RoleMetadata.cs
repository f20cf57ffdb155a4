namespace Signet.Tuf.Metadata;

/// <summary>
/// What the metadata of every role has (TUF §4.2 "signed" common fields): the signed envelope it was read from, with its
/// type, version, expiry and signatures. Each role's own fields are its subclass's.
/// </summary>
public abstract class RoleMetadata
{
    /// <summary>Wraps the envelope the role's fields were read from.</summary>
    /// <param name="envelope">The verified-or-not signed envelope.</param>
    private protected RoleMetadata(SignedMetadata envelope) => Envelope = envelope;

    /// <summary>The signed envelope: type, version, expiry, canonical bytes and signatures.</summary>
    public SignedMetadata Envelope { get; }

    /// <summary>The metadata version (TUF §4.2 <c>version</c>).</summary>
    public long Version => Envelope.Version;
}
