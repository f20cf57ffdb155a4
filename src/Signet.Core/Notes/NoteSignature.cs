namespace Signet.Core.Notes;

/// <summary>
/// One signature line of a signed note (C2SP signed-note §Signatures): <c>— &lt;name&gt; base64(keyID || signature)</c>.
/// <see cref="Signature"/> holds the bytes after the 4-byte key ID.
/// </summary>
public sealed record NoteSignature(string Name, uint KeyHash, byte[] Signature)
{
    /// <summary>The <c>name+hash</c> form used in messages and by the Go reference (<c>PeterNeumann+c74f20a3</c>).</summary>
    public string KeyLabel => $"{Name}+{KeyHash:x8}";

    /// <summary>The signature line <c>— name base64(keyID || signature)</c> and its newline (C2SP signed-note §Format).</summary>
    public string Format()
    {
        if (!NoteKeyId.IsValidName(Name))
        {
            throw new SignetFormatException($"note: key name '{Name}' is empty or contains a space or '+'");
        }

        var raw = new byte[4 + Signature.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(raw, KeyHash);
        Signature.CopyTo(raw, 4);
        return $"\u2014 {Name} {Convert.ToBase64String(raw)}\n";
    }
}
