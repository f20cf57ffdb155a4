namespace Signet.Core.Merkle;

/// <summary>
/// A well-formed Merkle inclusion or consistency proof that does not verify: the hashes do not chain to the
/// expected root. Malformed input (absurd sizes, wrong hash lengths) raises <see cref="SignetFormatException"/> instead.
/// </summary>
public sealed class MerkleProofException : Exception
{
    public MerkleProofException()
    {
    }

    public MerkleProofException(string message)
        : base(message)
    {
    }

    public MerkleProofException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
