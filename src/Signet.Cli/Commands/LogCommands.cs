using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Client.Log;
using Signet.Client.Monitoring;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Encoding;
using Signet.Core.Keys;
using Signet.Core.Merkle;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet log info|get|proof|consistency</c> against any Rekor-compatible log: verify the signed checkpoint,
/// an entry's inclusion proof and SET, and consistency between the checkpoint remembered in a local state file and
/// the current one (the <see cref="LogMonitor"/>, as rekor-cli's <c>loginfo</c> does). The log key comes from
/// <c>--public-key</c>, else the one pinned in the state file, else the log's <c>/api/v1/log/publicKey</c> (then pinned).
/// </summary>
internal static class LogCommands
{
    private static readonly Option<string> Url = new("--rekor-url") { Description = "Base URL of the log (Rekor v1 API)", Required = true };
    private static readonly Option<string?> PublicKey = new("--public-key") { Description = "PEM file of the log's public key (default: pinned in the state file, else fetched)" };
    private static readonly Option<string?> State = new("--state") { Description = "State file remembering the last verified checkpoint (default ~/.signet/log-state/<host>.json)" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print machine-readable JSON" };

    public static Command Create()
    {
        return CommandCatalog.Group("log", "Read, verify and monitor a transparency log: info, get, proof, consistency (Rekor v1 API), monitor",
            Info(), Get(), Proof(), Consistency(), LogMonitorCommand.Create());
    }

    private static Command Info()
    {
        var c = new Command("info", "Verify the log's signed checkpoint and its consistency with the last one seen") { Url, PublicKey, State, Json };
        SetRunner(c, async (ctx, p, token) =>
        {
            var result = await ctx.Monitor().CheckAsync(cancellationToken: token).ConfigureAwait(false);
            return new JsonObject
            {
                ["origin"] = result.Checkpoint.Origin,
                ["treeSize"] = (long)result.Checkpoint.Size,
                ["rootHash"] = Hex.Encode(result.Checkpoint.RootHash),
                ["treeID"] = result.TreeId ?? "",
                ["verification"] = Describe(result),
            };
        });
        return c;
    }

    private static Command Get() =>
        EntryCommand("get", "Fetch an entry and verify its inclusion proof, checkpoint and SET", (entry, checkpoint) =>
        {
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
        });

    private static Command Proof() =>
        EntryCommand("proof", "Verify and print an entry's inclusion proof against the current signed checkpoint", (entry, checkpoint) => new JsonObject
        {
            ["logIndex"] = (long)entry.LogIndex,
            ["leafHash"] = Hex.Encode(Rfc6962.HashLeaf(entry.Body)),
            ["treeSize"] = (long)checkpoint.Size,
            ["rootHash"] = Hex.Encode(checkpoint.RootHash),
            ["hashes"] = new JsonArray(entry.InclusionProof!.Hashes.Select(h => (JsonNode)Hex.Encode(h)).ToArray()),
            ["verification"] = "inclusion proof and checkpoint signature verified",
        });

    /// <summary>A command that fetches one entry (<c>--log-index</c> or <c>--uuid</c>) and verifies its inclusion proof,
    /// checkpoint and SET before <paramref name="describe"/> says what it found.</summary>
    private static Command EntryCommand(string name, string description, Func<RekorEntry, Core.Notes.Checkpoint, JsonObject> describe)
    {
        var index = new Option<ulong?>("--log-index") { Description = "Index of the entry" };
        var uuid = new Option<string?>("--uuid") { Description = "UUID of the entry (64 or 80 hex digits)" };
        var c = new Command(name, description) { Url, index, uuid, PublicKey, State, Json };
        SetRunner(c, async (ctx, p, token) =>
        {
            var entry = (p.GetValue(index), p.GetValue(uuid)) switch
            {
                ({ } i, null) => await ctx.Reader.GetEntryByIndexAsync(i, token).ConfigureAwait(false),
                (null, { } u) => await ctx.Reader.GetEntryByUuidAsync(u, token).ConfigureAwait(false),
                _ => throw new UsageException("give exactly one of --log-index or --uuid"),
            };
            return describe(entry, RekorLogVerifier.VerifyEntry(entry, ctx.Key));
        });
        return c;
    }

    private static Command Consistency()
    {
        var firstSize = new Option<ulong?>("--first-size") { Description = "Size of the older tree (default: the state file's)" };
        var firstRoot = new Option<string?>("--first-root") { Description = "Hex root of the older tree (default: the state file's)" };
        var c = new Command("consistency", "Prove the current signed checkpoint consistent with an older tree (state file or --first-size/--first-root)") { Url, firstSize, firstRoot, PublicKey, State, Json };
        SetRunner(c, async (ctx, p, token) =>
        {
            LogTreeHead? from = null;
            if (p.GetValue(firstSize) is { } size)
            {
                var root = p.GetValue(firstRoot) ?? throw new UsageException("--first-size needs --first-root");
                var rootHash = Hex.Decode(root, "--first-root");
                from = new LogTreeHead(size, rootHash.Length == Rfc6962.HashSize ? rootHash : throw new SignetFormatException("--first-root: not 64 hex digits"));
            }
            else if (ctx.StateFile.Load() is null)
            {
                throw new UsageException("no earlier checkpoint: run 'signet log info' first or give --first-size and --first-root");
            }

            var result = await ctx.Monitor().CheckAsync(from, token).ConfigureAwait(false);
            return new JsonObject
            {
                ["firstSize"] = (long)result.Previous!.Size,
                ["lastSize"] = (long)result.Checkpoint.Size,
                ["rootHash"] = Hex.Encode(result.Checkpoint.RootHash),
                ["verification"] = Describe(result),
            };
        });
        return c;
    }

    private static string Describe(LogMonitorResult r) => r.Consistency switch
    {
        LogConsistency.FirstCheckpoint => "checkpoint signature verified (no earlier checkpoint remembered)",
        LogConsistency.Trivial => $"checkpoint signature verified; consistent with the remembered size {r.Previous!.Size}",
        _ => $"checkpoint signature verified; consistency proof from {r.Previous!.Size} to {r.Checkpoint.Size} verified",
    };

    /// <summary>The command's action: open the log and its state, run <paramref name="action"/>, print its result.</summary>
    private static void SetRunner(Command command, Func<LogContext, ParseResult, CancellationToken, Task<JsonObject>> action) =>
        command.SetRunner(async (p, cancellationToken) =>
        {
            var uri = BaseUrl(p.GetValue(Url)!, "--rekor-url");

            using var http = ServiceHttpClient.Create(ServiceHttpClient.ReadTimeout, uri);
            var reader = new RekorLogReader(http);
            var log = new RekorV1MonitoredLog(reader);
            var stateFile = new LogMonitorStateFile(p.GetValue(State)
                ?? LogMonitorStateFile.DefaultPath(Path.Combine(Signet.Tuf.Client.TrustRootStore.UserFolder, "log-state"), uri));
            var keyFile = p.GetValue(PublicKey);
            var givenPem = keyFile is null ? null : System.Text.Encoding.UTF8.GetString(CliFiles.Read(keyFile, "--public-key", 1024 * 1024));
            var (key, _, replaced) = await LogMonitor.ResolveKeyAsync(log, stateFile, givenPem, cancellationToken).ConfigureAwait(false);
            SayKeyReplaced(replaced, stateFile.Path);
            var result = await action(new LogContext(uri, reader, log, key, stateFile), p, cancellationToken).ConfigureAwait(false);
            p.InvocationConfiguration.Output.WriteLine(p.GetValue(Json) ? result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) : Human(result));
            return ExitCodes.Success;
        });

    /// <summary>One line on stderr when the key given is not the one the state file pinned (a rotated log key).</summary>
    internal static void SayKeyReplaced(bool replaced, string statePath)
    {
        if (replaced)
        {
            Console.Error.WriteLine($"signet log: the log key given is not the one pinned in {statePath}; checking the log's tree with it, and pinning it once that verifies");
        }
    }

    /// <summary>A log's base URL ending in <c>/</c>; anything but http(s) is a usage error.</summary>
    internal static Uri BaseUrl(string value, string option)
    {
        var baseUrl = value.TrimEnd('/') + "/";
        return Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https")
            ? uri
            : throw new UsageException($"{option} '{value}' is not an http(s) URL");
    }

    private static string Human(JsonObject o) =>
        string.Join(Environment.NewLine, o.Where(kv => kv.Key != "body").Select(kv => $"{kv.Key}: {(kv.Value is JsonArray a ? string.Join(",", a.Select(x => x?.ToString())) : kv.Value?.ToString())}"));

    private sealed record LogContext(Uri Url, RekorLogReader Reader, IMonitoredLog Log, VerificationKey Key, LogMonitorStateFile StateFile)
    {
        public LogMonitor Monitor() => new(Url, Log, Key, StateFile, TimeProvider.System);
    }
}
