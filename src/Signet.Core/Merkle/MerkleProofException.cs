namespace Signet.Core.Merkle;

/// <summary>
/// A well-formed Merkle inclusion or consistency proof that does not verify: the hashes do not chain to the
/// expected root. Malformed input (absurd sizes, wrong hash lengths) raises <see cref="SignetFormatException"/> instead.
/// </summary>
public sealed class MerkleProofException(string message, Exception? innerException = null) : SignetException(message, innerException)
{
    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.VerificationFailed;

    /// <inheritdoc/>
    public override string ErrorCode => SignetErrorCodes.MerkleProofInvalid;
}
