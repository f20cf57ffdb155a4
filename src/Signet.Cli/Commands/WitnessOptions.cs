using System.CommandLine;
using Signet.Core.Notes;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>--witness-key VKEY …</c> and <c>--witness-quorum N</c>, shared by every command that verifies a checkpoint or a
/// bundle: the checkpoint must carry valid cosignatures (C2SP tlog-cosignature) of at least N of the given witnesses.
/// N defaults to every witness given; no key and no quorum asks for nothing.
/// </summary>
internal static class WitnessOptions
{
    public static Option<string[]> Key() => new("--witness-key", "--witness")
    {
        Description = "A trusted witness's verifier key (name+hash+base64, tlog-cosignature type 0x04); repeat for more",
        AllowMultipleArgumentsPerToken = false,
    };

    public static Option<int?> Quorum() => new("--witness-quorum")
    {
        Description = "How many of the --witness-key witnesses must have cosigned the checkpoint (default: all of them)",
    };

    /// <summary>The policy the two options describe; a quorum without keys, or beyond them, is a usage error.</summary>
    public static WitnessQuorum Policy(ParseResult parse, Option<string[]> keys, Option<int?> quorum)
    {
        var witnesses = (parse.GetValue(keys) ?? []).Select(NoteVerifierKey.ParseCosigner).ToList();
        var n = parse.GetValue(quorum) ?? witnesses.Count;
        if (n < 0)
        {
            throw new UsageException($"--witness-quorum {n}: a number of witnesses, 0 or more");
        }

        if (n > witnesses.Count)
        {
            throw new UsageException($"--witness-quorum {n} needs at least {n} --witness-key(s); {witnesses.Count} given");
        }

        try
        {
            return new WitnessQuorum(witnesses, n);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message, e);
        }
    }
}
