namespace Signet.Core.Notes;

/// <summary>A key that verifies note signatures under one (name, key ID) pair (C2SP signed-note §Signatures).</summary>
public interface INoteVerifier
{
    string Name { get; }

    uint KeyHash { get; }

    /// <summary>Verifies <paramref name="signature"/> (without the 4-byte key ID) over the note text bytes.</summary>
    bool Verify(ReadOnlySpan<byte> text, ReadOnlySpan<byte> signature);
}
