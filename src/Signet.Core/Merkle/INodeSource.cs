namespace Signet.Core.Merkle;

/// <summary>
/// Supplies the hash of a perfect subtree node of a log (a stored tree, tiles already fetched, ...). Proof
/// builders ask only for nodes that exist in the tree size they build for.
/// </summary>
public interface INodeSource
{
    /// <summary>Returns the 32-byte hash of <paramref name="id"/>.</summary>
    byte[] GetNode(NodeId id);
}
