using System.CommandLine;
using Signet.Client.Services;
using Signet.Core;
using Signet.Tuf.Bootstrap;
using Signet.Tuf.Client;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet trust init | update | show</c>: the local trust root that verify and sign commands use by default,
/// kept current through TUF (Sigstore's public-good instance unless another mirror and root are given).
/// </summary>
internal static class TrustCommands
{
    /// <summary>Largest initial root.json read (TufJson's document limit).</summary>
    private const int MaxRootBytes = 64 * 1024 * 1024;

    public static Command Create(TimeProvider time)
    {
        return CommandCatalog.Group("trust", "Manage the local Sigstore trust root (fetched and checked through TUF)", Init(time), Update(), Show(time));
    }

    private static Option<string?> CacheOption() => new("--tuf-cache")
    {
        Description = "Trust store folder (default $SIGNET_TUF_CACHE or ~/.signet/tuf)",
    };

    private static Command Init(TimeProvider time)
    {
        var mirror = new Option<string?>("--mirror") { Description = "TUF mirror URL (default: Sigstore public good, with its embedded root)" };
        var root = new Option<string?>("--root", "--tuf-root") { Description = "Initial trusted root.json for the mirror (needed with --mirror)" };
        var cache = CacheOption();
        var command = new Command("init", "Trust a TUF mirror from an initial root.json, then update") { mirror, root, cache };
        command.SetRunner(async (parse, ct) =>
        {
            var store = Store(parse.GetValue(cache));
            var mirrorUrl = parse.GetValue(mirror);
            var rootPath = parse.GetValue(root);
            if (mirrorUrl is not null && rootPath is null)
            {
                throw new SignetFormatException("--mirror needs --root ROOT.json (the first root of that repository, obtained out of band)");
            }

            var url = mirrorUrl is null ? SigstorePublicGood.Mirror : new Uri(mirrorUrl, UriKind.Absolute);
            var rootJson = rootPath is null ? SigstorePublicGood.TufRoot() : CliFiles.Read(rootPath, "--root", MaxRootBytes);
            using var http = ServiceHttpClient.Create(ServiceHttpClient.SigningTimeout);
            var result = await store.InitializeAndUpdateAsync(url, rootJson, m => new HttpTufRemote(http, m), time, ct).ConfigureAwait(false);
            return Report(result, url);
        });
        return command;
    }

    private static Command Update()
    {
        var cache = CacheOption();
        var command = new Command("update", "Run the TUF update: new root versions, timestamp, snapshot, targets, trusted_root.json") { cache };
        command.SetRunner((parse, ct) => UpdateAsync(Store(parse.GetValue(cache)), ct));
        return command;
    }

    private static Command Show(TimeProvider time)
    {
        var cache = CacheOption();
        var command = new Command("show", "Show the cached trust state (offline; checks it as a verifier would)") { cache };
        command.SetRunner(parse =>
        {
            Console.Write(Store(parse.GetValue(cache)).Describe(time.GetUtcNow()));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> UpdateAsync(TrustRootStore store, CancellationToken ct)
    {
        using var http = ServiceHttpClient.Create(ServiceHttpClient.SigningTimeout);
        Uri? mirror = null;
        var result = await store.UpdateAsync(m => new HttpTufRemote(http, mirror = m), cancellationToken: ct).ConfigureAwait(false);
        return Report(result, mirror!);
    }

    private static int Report(TufRefreshResult result, Uri mirror)
    {
        Console.WriteLine($"trusted: root {result.RootVersion}, timestamp {result.TimestampVersion}{(result.TimestampWasNew ? "" : " (unchanged)")}, " +
            $"snapshot {result.SnapshotVersion}, targets {result.TargetsVersion} from {mirror}");
        return ExitCodes.Success;
    }

    private static TrustRootStore Store(string? folder) => CachedTrust.Store(folder);
}
