namespace Signet.Core.Notes;

/// <summary>A key that verifies note signatures under one (name, key ID) pair (C2SP signed-note §Signatures).</summary>
public interface INoteVerifier
{
    /// <summary>The key name a signature line must carry for this key to check it.</summary>
    string Name { get; }

    /// <summary>
    /// The 4-byte key ID a signature must begin with for this key to check it, as a big-endian number.
    /// </summary>
    uint KeyHash { get; }

    /// <summary>Verifies <paramref name="signature"/> (without the 4-byte key ID) over the note text bytes.</summary>
    bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature);
}
