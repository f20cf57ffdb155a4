namespace Signet.Core.Notes;

/// <summary>A key that signs note texts under one (name, key ID) pair.</summary>
public interface INoteSigner
{
    string Name { get; }

    uint KeyHash { get; }

    /// <summary>Signs the note text bytes; the result excludes the 4-byte key ID.</summary>
    byte[] Sign(ReadOnlySpan<byte> text);
}
