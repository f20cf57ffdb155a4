namespace Signet.Core.Notes;

/// <summary>A key that signs note texts under one (name, key ID) pair.</summary>
public interface INoteSigner
{
    /// <summary>
    /// The key name that appears on the note's signature lines (C2SP signed-note: a name without spaces or '+').
    /// </summary>
    string Name { get; }

    /// <summary>The 4-byte key ID that prefixes every signature this key makes, as a big-endian number.</summary>
    uint KeyHash { get; }

    /// <summary>Signs the note text bytes; the result excludes the 4-byte key ID.</summary>
    byte[] Sign(ReadOnlySpan<byte> text);
}
