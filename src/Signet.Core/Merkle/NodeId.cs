namespace Signet.Core.Merkle;

/// <summary>
/// A node of the Merkle tree: the root of the perfect subtree over leaves [Index·2^Level, (Index+1)·2^Level).
/// Level 0 nodes are leaf hashes.
/// </summary>
public readonly record struct NodeId(int Level, ulong Index)
{
    /// <summary>First leaf index covered by this node (inclusive).</summary>
    public ulong Begin => Index << Level;

    /// <summary>Leaf index one past the last covered by this node.</summary>
    public ulong End => (Index + 1) << Level;

    /// <summary>The node one level up that has this node as a child.</summary>
    public NodeId Parent => new(Level + 1, Index >> 1);

    /// <summary>The other child of this node's parent.</summary>
    public NodeId Sibling => new(Level, Index ^ 1);

    /// <summary>"level/index", e.g. "3/17".</summary>
    public override string ToString() => $"{Level}/{Index}";
}
