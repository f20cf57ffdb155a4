using System.CommandLine;
using Signet.Client;
using Signet.Client.Signing;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// The artifact a signing command names, read once and in constant memory: hashed as a stream (SHA-256) with its
/// progress on the terminal, so that a file of any size is signed or attested; read whole only for a key that signs
/// bytes (Ed25519), within the largest array .NET holds.
/// </summary>
internal static class ArtifactInput
{
    /// <summary>The SHA-256 of the file at <paramref name="path"/> (<see cref="LocalFile.Sha256(string, string, IProgress{long})"/>).</summary>
    public static byte[] Sha256(ParseResult parse, string path)
    {
        var size = File.Exists(path) ? new FileInfo(path).Length : 0;
        return TerminalProgress.Run(parse, "hashing " + Path.GetFileName(path), size, p => LocalFile.Sha256(path, "artifact", p));
    }

    /// <summary>
    /// What <paramref name="session"/> signs for the artifact open in <paramref name="file"/>: its digest, or its bytes
    /// when the session's key signs bytes (<see cref="SigningSession.SignsArtifactBytes"/>).
    /// </summary>
    public static SigningPayload Payload(ParseResult parse, FileStream file, SigningSession session)
    {
        var name = Path.GetFileName(file.Name);
        var size = file.CanSeek ? file.Length : 0;
        return session.SignsArtifactBytes
            ? SigningPayload.ForArtifact(TerminalProgress.Run(parse, "reading " + name, size, p => LocalFile.ReadAll(file, "artifact", Array.MaxLength, p)))
            : SigningPayload.ForArtifactDigest(TerminalProgress.Run(parse, "hashing " + name, size, p => LocalFile.Sha256(file, "artifact", p)));
    }
}
