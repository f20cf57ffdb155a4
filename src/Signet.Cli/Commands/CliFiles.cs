using Signet.Client;

namespace Signet.Cli.Commands;

/// <summary>Reads input files for commands; a missing, unreadable or oversized file is invalid input, named in the message.</summary>
internal static class CliFiles
{
    public static byte[] Read(string path, string what, long maxSize) => LocalFile.Read(path, what, maxSize);
}
