using System.CommandLine;
using Signet.Client;
using Signet.Client.Signing;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// The artifact a signing command names, read once and in constant memory: hashed as a stream with its progress on
/// the terminal, so that a file of any size is signed or attested — with the hash the session's key signs
/// (<see cref="SigningSession.DigestHash"/>).
/// </summary>
internal static class ArtifactInput
{
    /// <summary>The SHA-256 of the file at <paramref name="path"/> (<see cref="LocalFile.Sha256(string, string, IProgress{long})"/>).</summary>
    public static byte[] Sha256(ParseResult parse, string path)
    {
        var size = File.Exists(path) ? new FileInfo(path).Length : 0;
        return TerminalProgress.Run(parse, "hashing " + Path.GetFileName(path), size, p => LocalFile.Sha256(path, "artifact", p));
    }

    /// <summary>What <paramref name="session"/> signs for the artifact open in <paramref name="file"/>: its digest of
    /// the hash the session's key signs.</summary>
    public static SigningPayload Payload(ParseResult parse, FileStream file, SigningSession session)
    {
        var hash = session.DigestHash;
        var size = file.CanSeek ? file.Length : 0;
        var digest = TerminalProgress.Run(parse, "hashing " + Path.GetFileName(file.Name), size, p => LocalFile.Hash(file, hash, "artifact", p));
        return SigningPayload.ForArtifactDigest(hash, digest);
    }
}
