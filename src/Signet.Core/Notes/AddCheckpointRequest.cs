using System.Globalization;
using System.Text;
using Signet.Core.Encoding;
using Signet.Core.Merkle;

namespace Signet.Core.Notes;

/// <summary>
/// The body of a C2SP tlog-witness <c>add-checkpoint</c> request: the size of the checkpoint the witness last cosigned
/// (<c>old N</c>), the RFC 6962 consistency proof from it, an empty line, then the signed checkpoint. The 409 answer's
/// body (<c>text/x.tlog.size</c>) is the witness's size and a newline (<see cref="FormatSize"/>, <see cref="ParseSize"/>).
/// </summary>
/// <param name="OldSize">The size the client believes the witness last cosigned (0 when it never did).</param>
/// <param name="Proof">The consistency proof from <paramref name="OldSize"/> to the checkpoint's size.</param>
/// <param name="Checkpoint">The signed checkpoint note (not yet verified).</param>
public sealed record AddCheckpointRequest(ulong OldSize, IReadOnlyList<byte[]> Proof, byte[] Checkpoint)
{
    /// <summary>The most consistency proof lines a client may send (C2SP tlog-witness: "MUST NOT send more than 63").</summary>
    public const int MaxProofLines = 63;

    /// <summary>The largest request body accepted: a note and 63 hash lines.</summary>
    public const int MaxBytes = SignedNote.MaxNoteBytes + (MaxProofLines * 46) + 32;

    /// <summary>The media type of a 409 answer's body.</summary>
    public const string SizeMediaType = "text/x.tlog.size";

    /// <summary>Parses a request body; malformed bodies are a <see cref="SignetFormatException"/> (HTTP 400).</summary>
    /// <param name="body">The request body.</param>
    public static AddCheckpointRequest Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBytes)
        {
            throw new SignetFormatException($"add-checkpoint: body of {body.Length} bytes exceeds the limit of {MaxBytes}");
        }

        // C2SP tlog-witness §add-checkpoint: "old N\n", up to 63 base64 hash lines, "\n", the checkpoint.
        var line = NextLine(ref body, "the old size line");
        if (!line.StartsWith("old "u8))
        {
            throw new SignetFormatException("add-checkpoint: the first line is not 'old <size>'");
        }

        var oldSize = ParseDecimal(line["old "u8.Length..], "add-checkpoint: old size");
        var proof = new List<byte[]>();
        while (true)
        {
            line = NextLine(ref body, "the empty line before the checkpoint");
            if (line.IsEmpty)
            {
                break;
            }

            if (proof.Count == MaxProofLines)
            {
                throw new SignetFormatException($"add-checkpoint: more than {MaxProofLines} consistency proof lines");
            }

            var hash = Base64Std.Decode(System.Text.Encoding.ASCII.GetString(line), $"add-checkpoint: proof line {proof.Count + 1}");
            if (hash.Length != Rfc6962.HashSize)
            {
                throw new SignetFormatException($"add-checkpoint: proof line {proof.Count + 1} is {hash.Length} bytes, not a SHA-256 hash");
            }

            proof.Add(hash);
        }

        if (body.IsEmpty)
        {
            throw new SignetFormatException("add-checkpoint: no checkpoint after the empty line");
        }

        return new AddCheckpointRequest(oldSize, proof, body.ToArray());
    }

    /// <summary>Formats the request body.</summary>
    public byte[] Format()
    {
        if (Proof.Count > MaxProofLines)
        {
            throw new SignetFormatException($"add-checkpoint: more than {MaxProofLines} consistency proof lines");
        }

        var sb = new StringBuilder(64 + (Proof.Count * 46));
        sb.Append("old ").Append(OldSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var h in Proof)
        {
            sb.Append(Convert.ToBase64String(h)).Append('\n');
        }

        sb.Append('\n');
        var head = System.Text.Encoding.ASCII.GetBytes(sb.ToString());
        return [.. head, .. Checkpoint];
    }

    /// <summary>The body of a 409 answer: the witness's latest cosigned size in decimal and a newline.</summary>
    /// <param name="size">The size.</param>
    public static byte[] FormatSize(ulong size) => System.Text.Encoding.ASCII.GetBytes(size.ToString(CultureInfo.InvariantCulture) + "\n");

    /// <summary>Parses the body of a 409 answer.</summary>
    /// <param name="body">The body.</param>
    public static ulong ParseSize(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty || body[^1] != (byte)'\n')
        {
            throw new SignetFormatException("add-checkpoint conflict: the size does not end in a newline");
        }

        return ParseDecimal(body[..^1], "add-checkpoint conflict: size");
    }

    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> body, string what)
    {
        var nl = body.IndexOf((byte)'\n');
        if (nl < 0)
        {
            throw new SignetFormatException($"add-checkpoint: {what} is missing or does not end in a newline");
        }

        var line = body[..nl];
        body = body[(nl + 1)..];
        return line;
    }

    // ASCII decimal, no leading zeroes unless the number is 0.
    private static ulong ParseDecimal(ReadOnlySpan<byte> digits, string what)
    {
        if (digits.IsEmpty || digits.Length > 20 || (digits.Length > 1 && digits[0] == (byte)'0'))
        {
            throw new SignetFormatException($"{what} is not a decimal number without leading zeroes");
        }

        foreach (var d in digits)
        {
            if (d is < (byte)'0' or > (byte)'9')
            {
                throw new SignetFormatException($"{what} is not a decimal number without leading zeroes");
            }
        }

        return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new SignetFormatException($"{what} does not fit in 64 bits");
    }
}
