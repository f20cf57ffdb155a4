namespace Signet.Core.Notes;

/// <summary>
/// What identifies a note key (C2SP signed-note §Signatures): its name, which a signature line carries, and its 4-byte
/// key ID, which a signature begins with. The verifiers and signers of every signature type share it; what the key is
/// and how it checks or makes a signature is each type's own.
/// </summary>
public abstract class NoteKey
{
    /// <summary>Sets the key's name and key ID (already checked by whoever computed them).</summary>
    /// <param name="name">The key name.</param>
    /// <param name="keyHash">The key ID as a big-endian number.</param>
    private protected NoteKey(string name, uint keyHash)
    {
        Name = name;
        KeyHash = keyHash;
    }

    /// <summary>The key name a signature line carries (C2SP signed-note: non-empty, no spaces or '+').</summary>
    public string Name { get; }

    /// <summary>The 4-byte key ID every signature of this key begins with, as a big-endian number.</summary>
    public uint KeyHash { get; }
}
