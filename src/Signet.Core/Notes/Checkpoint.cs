using System.Globalization;
using System.Text;
using Signet.Core.Encoding;
using Signet.Core.Merkle;

namespace Signet.Core.Notes;

/// <summary>
/// The body of a C2SP tlog-checkpoint: origin, tree size, RFC 6962 root hash and optional extension lines
/// (Rekor v1 adds a <c>Timestamp: …</c> line there).
/// </summary>
public sealed record Checkpoint(string Origin, ulong Size, byte[] RootHash, IReadOnlyList<string> Extensions)
{
    /// <summary>Parses a checkpoint note text (the signed part, ending in a newline).</summary>
    public static Checkpoint Parse(string noteText)
    {
        ArgumentNullException.ThrowIfNull(noteText);
        if (noteText.Length > SignedNote.MaxNoteBytes)
        {
            throw new SignetFormatException($"checkpoint: text of {noteText.Length} characters exceeds the limit of {SignedNote.MaxNoteBytes}");
        }

        if (!noteText.EndsWith('\n'))
        {
            throw new SignetFormatException("checkpoint: text does not end in a newline");
        }

        // tlog-checkpoint §Note text: at least three non-empty lines.
        var lines = noteText[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new SignetFormatException($"checkpoint: {lines.Length} line(s), expected origin, tree size and root hash");
        }

        var origin = lines[0];
        if (origin.Length == 0)
        {
            throw new SignetFormatException("checkpoint: line 1: origin is empty");
        }

        var size = ParseSize(lines[1]);
        var root = Base64Std.Decode(lines[2], "checkpoint: line 3: root hash");
        if (root.Length != Rfc6962.HashSize)
        {
            throw new SignetFormatException($"checkpoint: line 3: root hash is {root.Length} bytes, expected {Rfc6962.HashSize}");
        }

        var extensions = lines[3..];
        for (var i = 0; i < extensions.Length; i++)
        {
            if (extensions[i].Length == 0)
            {
                throw new SignetFormatException($"checkpoint: line {i + 4}: extension lines must be non-empty");
            }
        }

        return new Checkpoint(origin, size, root, extensions);
    }

    /// <summary>Formats the note text: origin, size, base64 root hash, extension lines, each ending in a newline.</summary>
    public string Format()
    {
        if (Origin.Length == 0 || Origin.Contains('\n', StringComparison.Ordinal))
        {
            throw new SignetFormatException("checkpoint: origin must be one non-empty line");
        }

        if (RootHash.Length != Rfc6962.HashSize)
        {
            throw new SignetFormatException($"checkpoint: root hash is {RootHash.Length} bytes, expected {Rfc6962.HashSize}");
        }

        var sb = new StringBuilder();
        sb.Append(Origin).Append('\n')
          .Append(Size.ToString(CultureInfo.InvariantCulture)).Append('\n')
          .Append(Convert.ToBase64String(RootHash)).Append('\n');
        foreach (var e in Extensions)
        {
            if (e.Length == 0 || e.Contains('\n', StringComparison.Ordinal))
            {
                throw new SignetFormatException("checkpoint: extension lines must be single non-empty lines");
            }

            sb.Append(e).Append('\n');
        }

        return sb.ToString();
    }

    // tlog-checkpoint §Note text 2: ASCII decimal, no leading zeroes unless the tree is empty.
    private static ulong ParseSize(string s)
    {
        if (s.Length == 0 || s.Length > 20)
        {
            throw new SignetFormatException("checkpoint: line 2: tree size is not a decimal number");
        }

        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                throw new SignetFormatException("checkpoint: line 2: tree size is not a decimal number");
            }
        }

        if (s.Length > 1 && s[0] == '0')
        {
            throw new SignetFormatException("checkpoint: line 2: tree size has a leading zero");
        }

        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? size
            : throw new SignetFormatException("checkpoint: line 2: tree size does not fit in 64 bits");
    }
}
