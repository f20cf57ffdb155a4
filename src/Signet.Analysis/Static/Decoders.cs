using System.Text;

namespace Signet.Analysis.Static;

/// <summary>Decoding of encoded literals, and a look at whether what came out is code.</summary>
internal static class Decoders
{
    private static readonly string[] CodeMarkers =
    [
        "require(", "import ", "eval(", "exec(", "child_process", "/bin/sh", "/bin/bash", "powershell", "http://", "https://",
        "process.env", "os.environ", "subprocess", "socket", "Function(", "__import__",
    ];

    /// <summary>Standard or URL-safe base64, padded or not; null when it is not base64 after all.</summary>
    public static byte[]? Base64(ReadOnlySpan<char> text)
    {
        var s = text.ToString().Replace('-', '+').Replace('_', '/').TrimEnd('=');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        var buffer = new byte[s.Length * 3 / 4];
        return Convert.TryFromBase64String(s, buffer, out var n) ? buffer[..n] : null;
    }

    /// <summary>Names the first code marker found when <paramref name="decoded"/> is mostly printable text, else null.</summary>
    public static string? LooksLikeCode(byte[] decoded)
    {
        if (decoded.Length == 0)
        {
            return null;
        }

        var printable = decoded.Count(b => b is >= 0x20 and < 0x7f or (byte)'\n' or (byte)'\r' or (byte)'\t');
        if (printable < decoded.Length * 0.9)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(decoded);
        var marker = CodeMarkers.FirstOrDefault(m => text.Contains(m, StringComparison.Ordinal));
        return marker is null ? null : $"text with '{marker}'";
    }
}
