namespace Signet.Core.Notes;

/// <summary>
/// One signature line of a signed note (C2SP signed-note §Signatures): <c>— &lt;name&gt; base64(keyID || signature)</c>.
/// <see cref="Signature"/> holds the bytes after the 4-byte key ID.
/// </summary>
public sealed record NoteSignature(string Name, uint KeyHash, byte[] Signature)
{
    /// <summary>The <c>name+hash</c> form used in messages and by the Go reference (<c>PeterNeumann+c74f20a3</c>).</summary>
    public string KeyLabel => $"{Name}+{KeyHash:x8}";
}
