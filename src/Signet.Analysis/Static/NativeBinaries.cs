using Signet.Analysis.Packages;

namespace Signet.Analysis.Static;

/// <summary>
/// Executable binaries by their magic numbers (ELF, PE with its <c>PE\0\0</c> header, Mach-O thin and fat), judged by where
/// the ecosystem expects them: managed and native libraries in a NuGet package's <c>lib/</c> or <c>runtimes/</c>, extension
/// modules in a wheel, <c>.node</c> addons and <c>prebuilds/</c> in npm. A binary behind a text or media extension is disguised.
/// </summary>
internal static class NativeBinaries
{
    private static readonly HashSet<string> TextOrMedia = new(StringComparer.Ordinal)
    {
        ".js", ".cjs", ".mjs", ".ts", ".json", ".txt", ".md", ".py", ".rb", ".css", ".html", ".htm", ".xml", ".yml", ".yaml", ".svg",
        ".png", ".jpg", ".jpeg", ".gif", ".ico", ".bmp", ".webp", ".mp3", ".wav", ".pdf", ".csv", ".map", ".lock",
    };

    private static readonly string[] NuGetBinaryFolders = ["lib/", "runtimes/", "tools/", "build/", "buildtransitive/", "analyzers/", "ref/", "contentfiles/"];

    /// <summary>ELF, PE or Mach-O, or null.</summary>
    public static string? Kind(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 4 && b[0] == 0x7f && b[1] == (byte)'E' && b[2] == (byte)'L' && b[3] == (byte)'F')
        {
            return "ELF";
        }

        // PE/COFF §3: the MS-DOS stub's e_lfanew at 0x3c points at the "PE\0\0" signature.
        if (b.Length >= 0x40 && b[0] == (byte)'M' && b[1] == (byte)'Z')
        {
            var pe = BitConverter.ToInt32(b.Slice(0x3c, 4));
            if (pe > 0 && pe + 4 <= b.Length && b.Slice(pe, 4).SequenceEqual("PE\0\0"u8))
            {
                return "PE";
            }
        }

        if (b.Length >= 8)
        {
            var magic = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
            if (magic is 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE)
            {
                return "Mach-O";
            }

            // Fat Mach-O shares CAFEBABE with Java class files; a fat header's architecture count is small, a class file's version is not.
            if (magic == 0xCAFEBABE && (uint)(b[4] << 24 | b[5] << 16 | b[6] << 8 | b[7]) is > 0 and < 20)
            {
                return "Mach-O (fat)";
            }
        }

        return null;
    }

    public static void Check(PackageContents package, PackageFile file, FileFacts facts)
    {
        if (Kind(file.Content.Span) is not { } kind)
        {
            return;
        }

        if (TextOrMedia.Contains(file.Extension))
        {
            facts.Add(Rules.DisguisedBinary, Severity.High, $"{kind} executable named {file.Name}");
            return;
        }

        facts.Add(Rules.NativeBinary, Expected(package, file) ? Severity.Low : Severity.Medium, $"{kind} binary {file.Name}");
    }

    private static bool Expected(PackageContents package, PackageFile file)
    {
        var path = file.Path.ToLowerInvariant();
        var ext = file.Extension;
        return package.Ecosystem switch
        {
            Ecosystem.NuGet => NuGetBinaryFolders.Any(path.StartsWith),
            Ecosystem.PyPI => ext is ".so" or ".pyd" or ".dylib" or ".dll" || path.Contains(".libs/", StringComparison.Ordinal) || path.Contains("/bin/", StringComparison.Ordinal),
            Ecosystem.Npm => ext is ".node" or ".wasm" || path.Contains("/prebuilds/", StringComparison.Ordinal) || path.Contains("/bin/", StringComparison.Ordinal),
            _ => ext is ".so" or ".bundle" or ".dll" && path.StartsWith("lib/", StringComparison.Ordinal),
        };
    }
}
