using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using Signet.Core.Encoding;

namespace Signet.Core.Notes;

/// <summary>
/// A C2SP signed note: text ending in a newline, a blank line, then signature lines
/// <c>— &lt;name&gt; base64(keyID || signature)</c>. Parsing checks the form only; <see cref="NoteOpener"/> verifies.
/// </summary>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    /// <summary>The largest note accepted (1 MiB); larger input is refused before it is scanned.</summary>
    public const int MaxNoteBytes = 1024 * 1024;

    /// <summary>The most signature lines accepted (C2SP signed-note: SHOULD cap, MUST accept 16; Go's reference caps at 100).</summary>
    public const int MaxSignatures = 100;

    // U+2014 EM DASH, U+0020 SPACE (C2SP signed-note §Format).
    private static ReadOnlySpan<byte> SignaturePrefix => "\u2014 "u8;

    /// <summary>Parses a signed note. Malformed notes raise <see cref="SignetFormatException"/> naming the problem.</summary>
    public static SignedNote Parse(ReadOnlySpan<byte> message) => Parse(message, out _);

    /// <summary>Parses and reports how many leading bytes of <paramref name="message"/> are the note text.</summary>
    internal static SignedNote Parse(ReadOnlySpan<byte> message, out int textLength)
    {
        if (message.Length > MaxNoteBytes)
        {
            throw new SignetFormatException($"note: {message.Length} bytes exceeds the limit of {MaxNoteBytes}");
        }

        CheckCharacters(message, "note");

        // The text is separated from the signatures by the last blank line (C2SP signed-note §Format).
        var split = message.LastIndexOf("\n\n"u8);
        if (split < 0)
        {
            throw new SignetFormatException("note: no blank line before the signature lines");
        }

        textLength = split + 1;
        var sigs = message[(split + 2)..];
        if (sigs.IsEmpty)
        {
            throw new SignetFormatException("note: no signature lines after the blank line");
        }

        if (sigs[^1] != (byte)'\n')
        {
            throw new SignetFormatException("note: the last signature line does not end in a newline");
        }

        var signatures = new List<NoteSignature>();
        while (!sigs.IsEmpty)
        {
            var nl = sigs.IndexOf((byte)'\n');
            var line = sigs[..nl];
            sigs = sigs[(nl + 1)..];
            if (signatures.Count == MaxSignatures)
            {
                throw new SignetFormatException($"note: more than {MaxSignatures} signature lines");
            }

            signatures.Add(ParseSignatureLine(line, signatures.Count + 1));
        }

        return new SignedNote(System.Text.Encoding.UTF8.GetString(message[..textLength]), signatures);
    }

    /// <summary>Formats the note: text, blank line, one line per signature.</summary>
    public byte[] Format()
    {
        CheckText(Text);
        var sb = new StringBuilder(Text.Length + (Signatures.Count * 100));
        sb.Append(Text).Append('\n');
        foreach (var s in Signatures)
        {
            sb.Append(s.Format());
        }

        return System.Text.Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The text must be non-empty, end in a newline and hold no control characters but newline.</summary>
    internal static byte[] CheckText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0 || bytes[^1] != (byte)'\n')
        {
            throw new SignetFormatException("note: text must end in a newline");
        }

        if (bytes.Length > MaxNoteBytes)
        {
            throw new SignetFormatException($"note: text of {bytes.Length} bytes exceeds the limit of {MaxNoteBytes}");
        }

        CheckCharacters(bytes, "note text");
        return bytes;
    }

    // C2SP signed-note §Format: valid UTF-8, no ASCII control characters other than newline.
    private static void CheckCharacters(ReadOnlySpan<byte> bytes, string what)
    {
        if (!Utf8.IsValid(bytes))
        {
            throw new SignetFormatException($"{what}: not valid UTF-8");
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] < 0x20 && bytes[i] != (byte)'\n')
            {
                throw new SignetFormatException($"{what}: control character 0x{bytes[i]:x2} at byte {i}");
            }
        }
    }

    private static NoteSignature ParseSignatureLine(ReadOnlySpan<byte> line, int number)
    {
        if (!line.StartsWith(SignaturePrefix))
        {
            throw new SignetFormatException($"note: signature line {number} does not start with an em dash and a space");
        }

        line = line[SignaturePrefix.Length..];
        var space = line.IndexOf((byte)' ');
        if (space < 0)
        {
            throw new SignetFormatException($"note: signature line {number} has no space between key name and signature");
        }

        var name = System.Text.Encoding.UTF8.GetString(line[..space]);
        if (!NoteKeyId.IsValidName(name))
        {
            throw new SignetFormatException($"note: signature line {number}: key name is empty or contains a space or '+'");
        }

        var b64 = System.Text.Encoding.ASCII.GetString(line[(space + 1)..]);
        var raw = new byte[(b64.Length / 4 * 3) + 3];
        if (b64.Length == 0 || !Base64Std.TryDecode(b64, raw, out var written))
        {
            throw new SignetFormatException($"note: signature line {number} ({name}): signature is not valid base64");
        }

        if (written < 5)
        {
            throw new SignetFormatException($"note: signature line {number} ({name}): signature shorter than a key ID and one byte");
        }

        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(raw), raw.AsSpan(4, written - 4).ToArray());
    }
}
