using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.Json;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet checkpoint verify</c> and <c>signet checkpoint verify-inclusion</c>: check a transparency-log checkpoint
/// (C2SP signed note) against a log key, and an RFC 6962 inclusion proof against the verified checkpoint.
/// </summary>
internal static class CheckpointCommands
{
    public static Command Create()
    {
        return CommandCatalog.Group("checkpoint", "Verify transparency-log checkpoints (C2SP signed notes) and inclusion proofs",
            CreateVerify(), CreateVerifyInclusion());
    }

    private sealed record CommonOptions(
        Argument<string> File, Option<string> Key, Option<string?> Name, Option<string?> Origin, Option<string[]> Witness, Option<int?> Quorum, Option<bool> Json)
    {
        public static CommonOptions Create() => new(
            new Argument<string>("checkpoint") { Description = "Checkpoint file (signed note), or - for standard input", DefaultValueFactory = _ => "-" },
            new Option<string>("--key") { Description = "Log key: a verifier key string name+hash+base64, or a PEM public key file (ECDSA or Ed25519)", Required = true },
            new Option<string?>("--name") { Description = "Key name in the signature line for a PEM key (default: the checkpoint's origin, or its host part for Rekor v1 '<host> - <tree id>')" },
            new Option<string?>("--origin") { Description = "Require this exact origin line" },
            WitnessOptions.Key(),
            WitnessOptions.Quorum(),
            new Option<bool>("--json") { Description = "Print the result as JSON" });

        public void AddTo(Command c)
        {
            c.Arguments.Add(File);
            c.AddOptions(Key, Name, Origin, Witness, Quorum, Json);
        }
    }

    private static Command CreateVerify()
    {
        var o = CommonOptions.Create();
        var command = new Command("verify", "Verify a checkpoint's log signature and print its origin, tree size and root hash");
        o.AddTo(command);
        command.SetRunner(parse =>
        {
            var verified = VerifyCheckpoint(parse, o);
            Print(parse.GetValue(o.Json), verified, inclusion: null);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateVerifyInclusion()
    {
        var o = CommonOptions.Create();
        var leafHash = new Option<string>("--leaf-hash") { Description = "RFC 6962 leaf hash (hex, 32 bytes): SHA-256(0x00 || entry)", Required = true };
        var index = new Option<string>("--index") { Description = "Leaf index in the tree", Required = true };
        var proof = new Option<string[]>("--proof") { Description = "Inclusion proof hashes (hex), comma-separated or repeated; empty for a one-leaf tree", DefaultValueFactory = _ => [] };
        var command = new Command("verify-inclusion", "Verify a checkpoint, then an inclusion proof of one leaf against its root hash");
        o.AddTo(command);
        command.AddOptions(leafHash, index, proof);
        command.SetRunner(parse =>
        {
            var leaf = Hex.Decode(parse.GetValue(leafHash)!, "--leaf-hash");
            var leafIndex = ulong.TryParse(parse.GetValue(index), NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                ? i
                : throw new SignetFormatException("--index: not a non-negative decimal number");
            var hashes = parse.GetValue(proof)!
                .SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select((h, n) => Hex.Decode(h, $"--proof hash {n + 1}"))
                .ToList();
            var verified = VerifyCheckpoint(parse, o);
            InclusionProof.Verify(leafIndex, verified.Checkpoint.Size, leaf, hashes, verified.Checkpoint.RootHash);
            Print(parse.GetValue(o.Json), verified, (leafIndex, leaf));
            return ExitCodes.Success;
        });
        return command;
    }

    private static VerifiedCheckpoint VerifyCheckpoint(ParseResult parse, CommonOptions o)
    {
        var message = ReadInput(parse.GetValue(o.File)!);
        var origin = parse.GetValue(o.Origin);
        var logKey = LogKey(parse.GetValue(o.Key)!, parse.GetValue(o.Name), message);
        var quorum = WitnessOptions.Policy(parse, o.Witness, o.Quorum);
        var verified = CheckpointVerifier.Verify(message, logKey, origin, quorum.Witnesses);
        quorum.Check(message);
        return verified;
    }

    private static INoteVerifier LogKey(string key, string? name, byte[] message)
    {
        if (!File.Exists(key))
        {
            if (key.Contains('+', StringComparison.Ordinal) && !key.Contains("-----", StringComparison.Ordinal))
            {
                return Ed25519NoteKey.ParseVerifier(key.Trim());
            }

            throw new FileNotFoundException($"--key: no such file '{key}' (and not a verifier key string name+hash+base64)");
        }

        var text = System.Text.Encoding.UTF8.GetString(CliFiles.Read(key, "--key", Signet.Client.Keys.PrivateKeyFile.MaxSize));
        if (!text.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return Ed25519NoteKey.ParseVerifier(text.Trim());
        }

        var publicKey = VerificationKey.FromPem(text);
        return RekorNoteVerifier.Create(name ?? DefaultKeyName(message), publicKey);
    }

    // Rekor v1 origins are "<hostname> - <tree id>" (sigstore/rekor pkg/util/checkpoint.go) and its key name is the hostname;
    // other logs name their key after the origin (C2SP tlog-checkpoint §Signatures). The name only picks the signature
    // line; the key decides whether it verifies.
    private static string DefaultKeyName(byte[] message)
    {
        var origin = SignedNote.Parse(message).Text.Split('\n')[0];
        var dash = origin.IndexOf(" - ", StringComparison.Ordinal);
        return dash > 0 ? origin[..dash] : origin;
    }

    private static byte[] ReadInput(string path)
    {
        using var stream = path == "-" ? Console.OpenStandardInput()
            : path.Length == 0 ? throw new SignetFormatException("checkpoint: the file name is empty") : File.OpenRead(path);
        var buffer = new byte[SignedNote.MaxNoteBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        if (total > SignedNote.MaxNoteBytes)
        {
            throw new SignetFormatException($"checkpoint: input exceeds the limit of {SignedNote.MaxNoteBytes} bytes");
        }

        return buffer.AsSpan(0, total).ToArray();
    }

    private static void Print(bool json, VerifiedCheckpoint v, (ulong Index, byte[] LeafHash)? inclusion)
    {
        var cp = v.Checkpoint;
        if (json)
        {
            using var stdout = Console.OpenStandardOutput();
            using (var w = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("origin", cp.Origin);
                w.WriteString("size", cp.Size.ToString(CultureInfo.InvariantCulture));
                w.WriteString("rootHash", Hex.Encode(cp.RootHash));
                w.WriteStringArray("extensions", cp.Extensions);
                w.WriteStringArray("verifiedBy", v.Note.Verified.Select(s => s.KeyLabel));
                w.WriteStringArray("ignoredSignatures", v.Note.Unverified.Select(s => s.KeyLabel));
                if (inclusion is { } inc)
                {
                    w.WriteStartObject("inclusion");
                    w.WriteString("index", inc.Index.ToString(CultureInfo.InvariantCulture));
                    w.WriteString("leafHash", Hex.Encode(inc.LeafHash));
                    w.WriteBoolean("verified", true);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            stdout.WriteByte((byte)'\n');
            return;
        }

        Console.Out.WriteLine($"origin: {cp.Origin}");
        Console.Out.WriteLine($"size: {cp.Size.ToString(CultureInfo.InvariantCulture)}");
        Console.Out.WriteLine($"root hash: {Hex.Encode(cp.RootHash)}");
        foreach (var e in cp.Extensions)
        {
            Console.Out.WriteLine($"extension: {e}");
        }

        Console.Out.WriteLine($"verified by: {string.Join(", ", v.Note.Verified.Select(s => s.KeyLabel))}");
        if (v.Note.Unverified.Count > 0)
        {
            Console.Out.WriteLine($"ignored signatures (unknown keys): {string.Join(", ", v.Note.Unverified.Select(s => s.KeyLabel))}");
        }

        if (inclusion is { } i)
        {
            Console.Out.WriteLine($"inclusion: leaf {i.Index.ToString(CultureInfo.InvariantCulture)} ({Hex.Encode(i.LeafHash)}) is in the tree of size {cp.Size.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
