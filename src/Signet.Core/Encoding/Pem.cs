namespace Signet.Core.Encoding;

/// <summary>
/// Strict PEM (RFC 7468) reading and writing for certificates, SPKI public keys and PKCS#8 private keys.
/// Text outside blocks is ignored (RFC 7468 §2 "explanatory text"); encapsulated headers (RFC 1421 style,
/// e.g. legacy encrypted keys) are refused. Sizes are bounded before any decoding happens.
/// </summary>
public static class Pem
{
    /// <summary>The largest DER payload accepted in one block (64 KiB): far above any key or certificate Sigstore uses.</summary>
    public const int MaxBlockBytes = 64 * 1024;

    /// <summary>The largest PEM text accepted as a whole (16 MiB) and the most blocks read from it.</summary>
    public const int MaxTextChars = 16 * 1024 * 1024;

    /// <summary>The most blocks read from one PEM text.</summary>
    public const int MaxBlocks = 4096;

    private const string BeginPrefix = "-----BEGIN ";
    private const string EndPrefix = "-----END ";
    private const string Dashes = "-----";

    // Base64 characters of a payload of MaxBlockBytes, plus slack for line breaks counted separately.
    private const int MaxBlockBase64Chars = (MaxBlockBytes + 2) / 3 * 4;

    /// <summary>Decodes exactly one block with <paramref name="label"/>; blocks with other labels are ignored.</summary>
    public static byte[] Decode(string pem, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        byte[]? found = null;
        foreach (var block in DecodeAll(pem))
        {
            if (!string.Equals(block.Label, label, StringComparison.Ordinal))
            {
                continue;
            }

            if (found is not null)
            {
                throw new SignetFormatException($"PEM: more than one '{label}' block");
            }

            found = block.Der;
        }

        return found ?? throw new SignetFormatException($"PEM: no '{label}' block found");
    }

    /// <summary>Decodes every block in order. At least one block must be present.</summary>
    public static IReadOnlyList<PemBlock> DecodeAll(string pem)
    {
        if (pem is null)
        {
            throw new SignetFormatException("PEM: input is missing");
        }

        if (pem.Length > MaxTextChars)
        {
            throw new SignetFormatException($"PEM: input of {pem.Length} characters exceeds the limit of {MaxTextChars}");
        }

        var blocks = new List<PemBlock>();
        var lines = new LineCursor(pem);
        while (lines.TryNext(out var line, out var lineNo))
        {
            if (!line.StartsWith(BeginPrefix, StringComparison.Ordinal))
            {
                if (line.Contains(BeginPrefix, StringComparison.Ordinal))
                {
                    throw new SignetFormatException($"PEM: line {lineNo}: BEGIN boundary must start the line");
                }

                continue; // RFC 7468 §2: explanatory text between blocks.
            }

            if (blocks.Count == MaxBlocks)
            {
                throw new SignetFormatException($"PEM: more than {MaxBlocks} blocks");
            }

            var label = ParseLabel(line, BeginPrefix, lineNo);
            blocks.Add(new PemBlock(label, ReadBody(ref lines, label, lineNo)));
        }

        if (blocks.Count == 0)
        {
            throw new SignetFormatException("PEM: no '-----BEGIN' block found");
        }

        return blocks;
    }

    /// <summary>Encodes <paramref name="der"/> as one block with 64-character lines (RFC 7468 §2), ending in a newline.</summary>
    public static string Encode(string label, ReadOnlySpan<byte> der)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        var b64 = Convert.ToBase64String(der);
        var sb = new System.Text.StringBuilder(b64.Length + (b64.Length / 64) + (label.Length * 2) + 40);
        sb.Append(BeginPrefix).Append(label).Append(Dashes).Append('\n');
        for (var i = 0; i < b64.Length; i += 64)
        {
            sb.Append(b64.AsSpan(i, Math.Min(64, b64.Length - i))).Append('\n');
        }

        sb.Append(EndPrefix).Append(label).Append(Dashes).Append('\n');
        return sb.ToString();
    }

    private static byte[] ReadBody(ref LineCursor lines, string label, int beginLine)
    {
        var base64 = new System.Text.StringBuilder();
        while (lines.TryNext(out var line, out var lineNo))
        {
            if (line.StartsWith(EndPrefix, StringComparison.Ordinal))
            {
                var endLabel = ParseLabel(line, EndPrefix, lineNo);
                if (!string.Equals(endLabel, label, StringComparison.Ordinal))
                {
                    throw new SignetFormatException($"PEM: line {lineNo}: END label '{endLabel}' does not match BEGIN label '{label}'");
                }

                return DecodeBase64(base64, label);
            }

            if (line.StartsWith(BeginPrefix, StringComparison.Ordinal))
            {
                throw new SignetFormatException($"PEM: line {lineNo}: block '{label}' opened on line {beginLine} has no END boundary");
            }

            if (line.Contains(':'))
            {
                throw new SignetFormatException($"PEM: line {lineNo}: encapsulated headers are not supported (legacy encrypted PEM?)");
            }

            var trimmed = line.Trim();
            if (base64.Length + trimmed.Length > MaxBlockBase64Chars)
            {
                throw new SignetFormatException($"PEM: block '{label}' is larger than the limit of {MaxBlockBytes} bytes");
            }

            base64.Append(trimmed);
        }

        throw new SignetFormatException($"PEM: block '{label}' opened on line {beginLine} has no END boundary");
    }

    private static byte[] DecodeBase64(System.Text.StringBuilder base64, string label)
    {
        if (base64.Length == 0)
        {
            throw new SignetFormatException($"PEM: block '{label}' is empty");
        }

        var chars = base64.ToString();
        if (!Base64Std.IsCanonicalAlphabet(chars))
        {
            throw new SignetFormatException($"PEM: block '{label}' is not valid base64");
        }

        var der = Convert.FromBase64String(chars);
        return der.Length <= MaxBlockBytes ? der : throw new SignetFormatException($"PEM: block '{label}' is larger than the limit of {MaxBlockBytes} bytes");
    }

    // RFC 7468 §3: label = [ labelchar *( ["-" / SP] labelchar ) ], labelchar = %x21-2C / %x2E-7E.
    private static string ParseLabel(ReadOnlySpan<char> line, string prefix, int lineNo)
    {
        var rest = line[prefix.Length..].TrimEnd();
        if (!rest.EndsWith(Dashes, StringComparison.Ordinal))
        {
            throw new SignetFormatException($"PEM: line {lineNo}: boundary does not end with '-----'");
        }

        var label = rest[..^Dashes.Length];
        if (label.Length == 0 || label.Length > 64 || label[0] is '-' or ' ' || label[^1] is '-' or ' ')
        {
            throw new SignetFormatException($"PEM: line {lineNo}: malformed label");
        }

        foreach (var c in label)
        {
            if (c is < ' ' or > '~')
            {
                throw new SignetFormatException($"PEM: line {lineNo}: label contains a character outside printable ASCII");
            }
        }

        return label.ToString();
    }

    /// <summary>Iterates the lines of a text without allocating; accepts LF and CRLF endings.</summary>
    private ref struct LineCursor(string text)
    {
        private readonly string _text = text;
        private int _pos;
        private int _lineNo;

        public bool TryNext(out ReadOnlySpan<char> line, out int lineNo)
        {
            if (_pos >= _text.Length)
            {
                line = default;
                lineNo = _lineNo;
                return false;
            }

            var rest = _text.AsSpan(_pos);
            var nl = rest.IndexOf('\n');
            line = nl < 0 ? rest : rest[..nl];
            _pos += nl < 0 ? rest.Length : nl + 1;
            if (line.EndsWith("\r", StringComparison.Ordinal))
            {
                line = line[..^1];
            }

            lineNo = ++_lineNo;
            return true;
        }
    }
}
