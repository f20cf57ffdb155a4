namespace Signet.Log.Ct;

/// <summary>An entry of the CT log as <c>get-entries</c> returns it: the MerkleTreeLeaf (RFC 6962 §3.4) and its
/// extra_data (§4.6: the chain the leaf was submitted with).</summary>
/// <param name="Index">The entry's index.</param>
/// <param name="LeafInput">The MerkleTreeLeaf, the log engine's leaf data.</param>
/// <param name="ExtraData">The TLS-encoded chain (<c>X509ChainEntry</c> or <c>PrecertChainEntry</c>).</param>
public sealed record CtStoredEntry(ulong Index, byte[] LeafInput, byte[] ExtraData);
