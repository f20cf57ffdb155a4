using Signet.Core;

namespace Signet.Cli.Commands;

/// <summary>Reads input files for commands; a missing, unreadable or oversized file is invalid input, named in the message.</summary>
internal static class CliFiles
{
    public static byte[] Read(string path, string what, long maxSize)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new SignetFormatException($"{what}: file '{path}' does not exist");
            }

            if (info.Length > maxSize)
            {
                throw new SignetFormatException($"{what}: file '{path}' is too large ({info.Length} bytes, limit {maxSize})");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SignetFormatException($"{what}: cannot read '{path}' ({e.Message})", e);
        }
    }
}
