using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Client.Log;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet log info|get|proof|consistency</c> against any Rekor-compatible log: verify the signed checkpoint,
/// an entry's inclusion proof and SET, and consistency between the checkpoint remembered in a local state file and
/// the current one (as rekor-cli's <c>loginfo</c> does). The log key comes from <c>--public-key</c>, else the one
/// pinned in the state file, else the log's <c>/api/v1/log/publicKey</c> (then pinned).
/// </summary>
internal static class LogCommands
{
    private static readonly Option<string> Url = new("--rekor-url") { Description = "Base URL of the log (Rekor v1 API)", Required = true };
    private static readonly Option<string?> PublicKey = new("--public-key") { Description = "PEM file of the log's public key (default: pinned in the state file, else fetched)" };
    private static readonly Option<string?> State = new("--state") { Description = "State file remembering the last verified checkpoint (default ~/.signet/log-state/<host>.json)" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print machine-readable JSON" };

    public static Command Create()
    {
        var log = new Command("log", "Read and verify a transparency log (Rekor v1 API): info, get, proof, consistency");
        log.Subcommands.Add(Info());
        log.Subcommands.Add(Get());
        log.Subcommands.Add(Proof());
        log.Subcommands.Add(Consistency());
        return log;
    }

    private static Command Info()
    {
        var c = new Command("info", "Verify the log's signed checkpoint and its consistency with the last one seen") { Url, PublicKey, State, Json };
        c.SetAction((p, ct) => RunAsync(p, async (ctx, token) =>
        {
            var info = await ctx.Reader.GetLogInfoAsync(token).ConfigureAwait(false);
            var checkpoint = RekorLogVerifier.VerifyCheckpoint(info.SignedTreeHead, ctx.Key);
            if (checkpoint.Size != info.TreeSize || !checkpoint.RootHash.AsSpan().SequenceEqual(info.RootHash))
            {
                throw new MerkleProofException("the log info's size or root differs from its signed checkpoint");
            }

            var previous = ctx.StateFile.Load();
            var note = await ProveConsistencyAsync(ctx, previous, checkpoint, token).ConfigureAwait(false);
            ctx.StateFile.Save(new LogState(ctx.BaseUrl, checkpoint.Size, Convert.ToHexStringLower(checkpoint.RootHash), ctx.KeyPem));
            return new JsonObject
            {
                ["origin"] = checkpoint.Origin,
                ["treeSize"] = (long)checkpoint.Size,
                ["rootHash"] = Convert.ToHexStringLower(checkpoint.RootHash),
                ["treeID"] = info.TreeId,
                ["verification"] = note,
            };
        }, ct));
        return c;
    }

    private static Command Get()
    {
        var index = new Option<ulong?>("--log-index") { Description = "Index of the entry" };
        var uuid = new Option<string?>("--uuid") { Description = "UUID of the entry (64 or 80 hex digits)" };
        var c = new Command("get", "Fetch an entry and verify its inclusion proof, checkpoint and SET") { Url, index, uuid, PublicKey, State, Json };
        c.SetAction((p, ct) => RunAsync(p, async (ctx, token) =>
        {
            var entry = await FetchAsync(ctx, p.GetValue(index), p.GetValue(uuid), token).ConfigureAwait(false);
            var checkpoint = RekorLogVerifier.VerifyEntry(entry, ctx.Key);
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(entry.Body);
            }
            catch (JsonException)
            {
                body = Convert.ToBase64String(entry.Body);
            }

            return new JsonObject
            {
                ["uuid"] = entry.Uuid,
                ["logIndex"] = (long)entry.LogIndex,
                ["integratedTime"] = entry.IntegratedTime,
                ["logID"] = entry.LogId,
                ["body"] = body,
                ["verifiedAtTreeSize"] = (long)checkpoint.Size,
                ["signedEntryTimestamp"] = entry.SignedEntryTimestamp is null ? "absent" : "verified",
            };
        }, ct));
        return c;
    }

    private static Command Proof()
    {
        var index = new Option<ulong?>("--log-index") { Description = "Index of the entry" };
        var uuid = new Option<string?>("--uuid") { Description = "UUID of the entry" };
        var c = new Command("proof", "Verify and print an entry's inclusion proof against the current signed checkpoint") { Url, index, uuid, PublicKey, State, Json };
        c.SetAction((p, ct) => RunAsync(p, async (ctx, token) =>
        {
            var entry = await FetchAsync(ctx, p.GetValue(index), p.GetValue(uuid), token).ConfigureAwait(false);
            var checkpoint = RekorLogVerifier.VerifyEntry(entry, ctx.Key);
            return new JsonObject
            {
                ["logIndex"] = (long)entry.LogIndex,
                ["leafHash"] = Convert.ToHexStringLower(Rfc6962.HashLeaf(entry.Body)),
                ["treeSize"] = (long)checkpoint.Size,
                ["rootHash"] = Convert.ToHexStringLower(checkpoint.RootHash),
                ["hashes"] = new JsonArray(entry.InclusionProof!.Hashes.Select(h => (JsonNode)Convert.ToHexStringLower(h)).ToArray()),
                ["verification"] = "inclusion proof and checkpoint signature verified",
            };
        }, ct));
        return c;
    }

    private static Command Consistency()
    {
        var firstSize = new Option<ulong?>("--first-size") { Description = "Size of the older tree (default: the state file's)" };
        var firstRoot = new Option<string?>("--first-root") { Description = "Hex root of the older tree (default: the state file's)" };
        var c = new Command("consistency", "Prove the current signed checkpoint consistent with an older tree (state file or --first-size/--first-root)") { Url, firstSize, firstRoot, PublicKey, State, Json };
        c.SetAction((p, ct) => RunAsync(p, async (ctx, token) =>
        {
            var previous = ctx.StateFile.Load();
            if (p.GetValue(firstSize) is { } size)
            {
                var root = p.GetValue(firstRoot) ?? throw new ArgumentException("--first-size needs --first-root");
                previous = new LogState(ctx.BaseUrl, size, root, ctx.KeyPem);
            }

            if (previous is null)
            {
                throw new ArgumentException("no earlier checkpoint: run 'signet log info' first or give --first-size and --first-root");
            }

            var info = await ctx.Reader.GetLogInfoAsync(token).ConfigureAwait(false);
            var checkpoint = RekorLogVerifier.VerifyCheckpoint(info.SignedTreeHead, ctx.Key);
            var note = await ProveConsistencyAsync(ctx, previous, checkpoint, token).ConfigureAwait(false);
            ctx.StateFile.Save(new LogState(ctx.BaseUrl, checkpoint.Size, Convert.ToHexStringLower(checkpoint.RootHash), ctx.KeyPem));
            return new JsonObject
            {
                ["firstSize"] = (long)previous.TreeSize,
                ["lastSize"] = (long)checkpoint.Size,
                ["rootHash"] = Convert.ToHexStringLower(checkpoint.RootHash),
                ["verification"] = note,
            };
        }, ct));
        return c;
    }

    private static async Task<string> ProveConsistencyAsync(LogContext ctx, LogState? previous, Checkpoint current, CancellationToken cancellationToken)
    {
        if (previous is null)
        {
            return "checkpoint signature verified (no earlier checkpoint remembered)";
        }

        var oldRoot = ParseRoot(previous.RootHash);
        if (previous.TreeSize > current.Size)
        {
            throw new MerkleProofException($"the log shrank from {previous.TreeSize} to {current.Size} entries");
        }

        if (previous.TreeSize == current.Size || previous.TreeSize == 0)
        {
            if (previous.TreeSize == current.Size && !oldRoot.AsSpan().SequenceEqual(current.RootHash))
            {
                throw new MerkleProofException($"two different roots for tree size {current.Size}: the log forked");
            }

            return $"checkpoint signature verified; consistent with the remembered size {previous.TreeSize}";
        }

        var (root, hashes) = await ctx.Reader.GetConsistencyProofAsync(previous.TreeSize, current.Size, cancellationToken).ConfigureAwait(false);
        if (!root.AsSpan().SequenceEqual(current.RootHash))
        {
            throw new MerkleProofException("the consistency proof is for another root than the signed checkpoint");
        }

        ConsistencyProof.Verify(previous.TreeSize, current.Size, hashes, oldRoot, current.RootHash);
        return $"checkpoint signature verified; consistency proof from {previous.TreeSize} to {current.Size} verified";
    }

    private static byte[] ParseRoot(string hex) =>
        hex.Length == 64 && hex.All(Uri.IsHexDigit) ? Convert.FromHexString(hex) : throw new SignetFormatException("a remembered root hash is not 64 hex digits");

    private static async Task<RekorEntry> FetchAsync(LogContext ctx, ulong? index, string? uuid, CancellationToken cancellationToken) =>
        (index, uuid) switch
        {
            ({ } i, null) => await ctx.Reader.GetEntryByIndexAsync(i, cancellationToken).ConfigureAwait(false),
            (null, { } u) => await ctx.Reader.GetEntryByUuidAsync(u, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentException("give exactly one of --log-index or --uuid"),
        };

    private static async Task<int> RunAsync(ParseResult p, Func<LogContext, CancellationToken, Task<JsonObject>> action, CancellationToken cancellationToken)
    {
        var json = p.GetValue(Json);
        try
        {
            var baseUrl = p.GetValue(Url)!.TrimEnd('/') + "/";
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                throw new ArgumentException($"--rekor-url '{p.GetValue(Url)}' is not an http(s) URL");
            }

            using var http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(30) };
            var reader = new RekorLogReader(http);
            var stateFile = new LogStateFile(p.GetValue(State) ?? LogStateFile.DefaultPath(uri));
            var pinned = stateFile.Load();
            string pem;
            if (p.GetValue(PublicKey) is { } keyFile)
            {
                pem = await File.ReadAllTextAsync(keyFile, cancellationToken).ConfigureAwait(false);
            }
            else if (pinned?.PublicKey is { } pinnedPem)
            {
                pem = pinnedPem;
            }
            else
            {
                pem = await reader.GetPublicKeyPemAsync(cancellationToken).ConfigureAwait(false);
            }

            var key = VerificationKey.FromPem(pem);
            if (pinned?.PublicKey is { } old && VerificationKey.FromPem(old).SpkiDer.AsSpan().SequenceEqual(key.SpkiDer) is false)
            {
                throw new NoteVerificationException(NoteVerificationError.InvalidSignature, "the log key differs from the one pinned in the state file");
            }

            var result = await action(new LogContext(uri.ToString(), reader, key, pem, stateFile), cancellationToken).ConfigureAwait(false);
            Console.Out.WriteLine(json ? result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) : Human(result));
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is MerkleProofException or NoteVerificationException)
        {
            return Fail(json, "verification failed: " + e.Message, ExitCodes.VerificationFailed);
        }
        catch (SignetFormatException e)
        {
            return Fail(json, "invalid input: " + e.Message, ExitCodes.InvalidInput);
        }
        catch (ArgumentException e)
        {
            return Fail(json, e.Message, ExitCodes.Usage);
        }
        catch (Exception e) when (e is HttpRequestException or RekorServiceException or TaskCanceledException or IOException)
        {
            return Fail(json, "log unavailable: " + e.Message, ExitCodes.ServiceError);
        }
    }

    private static int Fail(bool json, string message, int code)
    {
        if (json)
        {
            Console.Out.WriteLine(new JsonObject { ["error"] = message, ["exitCode"] = code }.ToJsonString());
        }

        Console.Error.WriteLine("signet log: " + message);
        return code;
    }

    private static string Human(JsonObject o) =>
        string.Join(Environment.NewLine, o.Where(kv => kv.Key != "body").Select(kv => $"{kv.Key}: {(kv.Value is JsonArray a ? string.Join(",", a.Select(x => x?.ToString())) : kv.Value?.ToString())}"));

    private sealed record LogContext(string BaseUrl, RekorLogReader Reader, VerificationKey Key, string KeyPem, LogStateFile StateFile);
}

/// <summary>What <c>signet log</c> remembers about a log between runs.</summary>
internal sealed record LogState(string Url, ulong TreeSize, string RootHash, string? PublicKey);

internal sealed class LogStateFile(string path)
{
    public static string DefaultPath(Uri url) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".signet", "log-state",
            string.Concat(url.Authority.Select(ch => char.IsLetterOrDigit(ch) || ch is '.' or '-' ? ch : '_')) + ".json");

    public LogState? Load()
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var r = doc.RootElement;
            string? Text(string name) => r.ValueKind == JsonValueKind.Object && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var url = Text("url");
            var root = Text("rootHash");
            if (url is null || root is null || !ulong.TryParse(Text("treeSize"), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                throw new SignetFormatException($"state file {path} lacks url, treeSize or rootHash");
            }

            return new LogState(url, size, root, Text("publicKey"));
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"state file {path} is not JSON: {e.Message}", e);
        }
    }

    public void Save(LogState state)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var node = new JsonObject
        {
            ["url"] = state.Url,
            ["treeSize"] = state.TreeSize.ToString(CultureInfo.InvariantCulture),
            ["rootHash"] = state.RootHash,
            ["publicKey"] = state.PublicKey,
        };
        var temp = path + ".tmp";
        File.WriteAllText(temp, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temp, path, overwrite: true);
    }
}
