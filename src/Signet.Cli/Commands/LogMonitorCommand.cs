using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Signet.Client.Log;
using Signet.Client.Monitoring;
using Signet.Client.Services;
using Signet.Core.Json;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet log monitor --url LOG --config monitor.yaml [--once] [--interval D] [--state FILE] [--output FILE]
/// [--type auto|tiles|rekor-v1|ct] [--public-key PEM | --trusted-root T] [--witness URL=VKEY …]</c>: rekor-monitor's job
/// (<see cref="TransparencyLogMonitor"/>). Each match is a JSON line on the output; an inconsistency is a JSON line
/// with both checkpoints, and exit 1.
/// </summary>
internal static class LogMonitorCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Base URL of the log (Signet, Rekor v1, Rekor v2 tiles, or a CT log: the URL before /ct/v1/)", Required = true };
        var config = new Option<string?>("--config") { Description = "rekor-monitor configuration (YAML): monitoredValues, startIndex, endIndex" };
        var once = new Option<bool>("--once") { Description = "Check once and exit (default: check every --interval until interrupted)" };
        var interval = new Option<string>("--interval") { Description = "Time between checks: 30s, 5m, 1h", DefaultValueFactory = _ => "5m" };
        var stateFile = new Option<string?>("--state") { Description = "State file remembering the last verified checkpoint (default ~/.signet/log-state/<host>-monitor.json, <host>-ct-monitor.json for --type ct: a CT log beside a Rekor log on one host has its own tree and key)" };
        var output = new Option<string?>("--output") { Description = "Append the JSON lines to this file (default: standard output)" };
        var type = new Option<string>("--type") { Description = "The log's API: auto (tiles when /api/v2/checkpoint answers, else rekor-v1), tiles, rekor-v1, ct (RFC 6962 under /ct/v1/)", DefaultValueFactory = _ => "auto" };
        var publicKey = new Option<string?>("--public-key") { Description = "PEM file of the log's checkpoint key (default: pinned in the state file, else the log's /api/v1/log/publicKey)" };
        var trustedRoot = new Option<string?>("--trusted-root") { Description = "For --type ct: a trusted_root.json whose ctlogs entry for --url (or its only one) gives the CT log's key" };
        var witness = new Option<string[]>("--witness") { Description = "A witness whose cosigned checkpoint of the log is compared with the log's: URL=VERIFIER_KEY; repeat for more" };
        var command = new Command("monitor", "Watch a log for split views and for entries of given identities (rekor-monitor's configuration)")
        {
            url, config, once, interval, stateFile, output, type, publicKey, trustedRoot, witness,
        };
        command.SetRunner(async (p, ct) =>
        {
            var baseUrl = LogCommands.BaseUrl(p.GetValue(url)!, "--url");
            var monitorConfig = p.GetValue(config) is { } file
                ? MonitorConfig.Parse(System.Text.Encoding.UTF8.GetString(CliFiles.Read(file, "--config", MonitorConfig.MaxBytes)))
                : new MonitorConfig();
            var every = ParseInterval(p.GetValue(interval)!);
            var witnesses = (p.GetValue(witness) ?? []).Select(MonitorWitness.Parse).ToList();
            using var http = ServiceHttpClient.Create(ServiceHttpClient.ReadTimeout, baseUrl);
            using var tilesHttp = ServiceHttpClient.Create(ServiceHttpClient.ReadTimeout, new Uri(baseUrl, "api/v2/"));
            using var ctHttp = ServiceHttpClient.Create(ServiceHttpClient.ReadTimeout, new Uri(baseUrl, "ct/v1/"));
            var kind = p.GetValue(type)!;
            if (kind == "ct" && witnesses.Count > 0)
            {
                throw new UsageException("--witness: an RFC 6962 CT log's tree heads are not signed notes a C2SP witness cosigns");
            }

            var (log, entries) = kind == "ct" ? Both(new CtMonitoredLog(ctHttp, baseUrl.ToString())) : await OpenAsync(kind, baseUrl, http, tilesHttp, ct).ConfigureAwait(false);
            var state = new LogMonitorStateFile(p.GetValue(stateFile) ?? DefaultState(baseUrl, kind == "ct" ? "-ct" : ""));
            if (kind == "ct" && p.GetValue(stateFile) is null
                && await LogMonitor.CarryOverStateAsync(log, new LogMonitorStateFile(DefaultState(baseUrl, "")), state, ct).ConfigureAwait(false))
            {
                // Before, a host's CT monitor and Rekor monitor shared one default file: this one's tree moves to its own.
                Console.Error.WriteLine($"signet log monitor: moved the CT log's state to {state.Path} (an earlier version kept it in {DefaultState(baseUrl, "")})");
            }

            var keyFile = p.GetValue(publicKey);
            var givenPem = keyFile is null ? null : System.Text.Encoding.UTF8.GetString(CliFiles.Read(keyFile, "--public-key", 1024 * 1024));
            if (p.GetValue(trustedRoot) is { } rootFile)
            {
                givenPem = givenPem is null && kind == "ct"
                    ? CtLogKeyPem(Core.Bundles.TrustedRoot.Parse(CliFiles.Read(rootFile, "--trusted-root", Core.Bundles.TrustedRoot.MaxSize)), baseUrl)
                    : throw new UsageException("--trusted-root: only for --type ct, and not with --public-key");
            }
            var (key, _, replaced) = await LogMonitor.ResolveKeyAsync(log, state, givenPem, ct).ConfigureAwait(false);
            LogCommands.SayKeyReplaced(replaced, state.Path);
            var monitor = new TransparencyLogMonitor(baseUrl, log, entries, key, monitorConfig, witnesses, http, state, TimeProvider.System);
            var outputPath = p.GetValue(output);
            while (true)
            {
                MonitorRunResult result;
                try
                {
                    // A long catch-up (CatchUpProgressFrom entries or more) shows the entries read on a terminal.
                    result = await TerminalProgress.RunWhenSizedAsync(p, ProgressTerminal.Of(p),
                        new ProgressWork("catching up with " + baseUrl.Host, 0, ProgressUnit.Entries, CatchUpProgressFrom),
                        reports => monitor.RunOnceAsync(new CatchUpReports(reports), ct)).ConfigureAwait(false);
                }
                catch (LogInconsistencyException e)
                {
                    Write(p, outputPath, [Json(w =>
                    {
                        w.WriteString("log", baseUrl.ToString());
                        w.WriteString("inconsistency", e.Message);
                        w.WriteStringArray("checkpoints", [e.First, e.Second]);
                    })]);
                    throw;
                }

                Write(p, outputPath, result.Findings.Select(f => Json(w =>
                {
                    w.WriteString("log", f.Log);
                    w.WriteNumber("index", f.Index);
                    w.WriteString("identity", f.Match.Identity);
                    w.WriteString("issuer", f.Match.Issuer);
                    w.WriteString("matchedBy", f.Match.MatchedBy);
                    w.WriteString("fingerprint", f.Match.Fingerprint);
                    w.WriteString("digest", f.Digest);
                    if (f.IntegratedTime is { } t)
                    {
                        w.WriteNumber("integratedTime", t);
                    }
                    else
                    {
                        w.WriteNull("integratedTime");
                    }
                })).ToList());
                await p.InvocationConfiguration.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"signet log monitor: checkpoint {result.Checkpoint.Size} verified{(result.Previous is { } prev ? $", consistent with {prev.Size}" : " (first)")}; {result.WitnessesChecked} witness(es) agree; {result.EntriesRead} entries read, {result.Findings.Count} match(es)")).ConfigureAwait(false);
                if (p.GetValue(once))
                {
                    return ExitCodes.Success;
                }

                await Task.Delay(every, ct).ConfigureAwait(false);
            }
        });
        return command;
    }

    /// <summary>Catch-ups shorter than this many entries finish too soon for a progress bar to help.</summary>
    internal const long CatchUpProgressFrom = 4096;

    private sealed class CatchUpReports(IProgress<(long Done, long Total)> to) : IProgress<MonitorProgress>
    {
        public void Report(MonitorProgress value) => to.Report(((long)value.EntriesRead, (long)value.EntriesToRead));
    }

    /// <summary>The state file a host's monitor uses unless given one: <c>~/.signet/log-state/HOST-monitor.json</c>, and
    /// <c>HOST-ct-monitor.json</c> for its CT log (<paramref name="suffix"/> "-ct"), which has its own tree and key.</summary>
    private static string DefaultState(Uri baseUrl, string suffix) =>
        Path.Combine(Signet.Tuf.Client.TrustRootStore.UserFolder, "log-state", Path.GetFileNameWithoutExtension(LogMonitorStateFile.DefaultPath("", baseUrl)) + suffix + "-monitor.json");

    private static (IMonitoredLog Log, IMonitoredEntries Entries) Both<T>(T log)
        where T : IMonitoredLog, IMonitoredEntries => (log, log);

    private static async Task<(IMonitoredLog Log, IMonitoredEntries Entries)> OpenAsync(string type, Uri baseUrl, HttpClient http, HttpClient tilesHttp, CancellationToken ct)
    {
        var tiles = new TileMonitoredLog(tilesHttp, new Uri(baseUrl, "api/v1/log/publicKey"));
        var v1 = new RekorV1MonitoredLog(new RekorLogReader(http));
        switch (type)
        {
            case "tiles":
                return Both(tiles);
            case "rekor-v1":
                return Both(v1);
            case "auto":
                try
                {
                    await tiles.GetHeadAsync(ct).ConfigureAwait(false);
                    return Both(tiles);
                }
                catch (SigstoreServiceException)
                {
                    return Both(v1);
                }

            default:
                throw new UsageException($"--type {type}: expected auto, tiles, rekor-v1 or ct");
        }
    }

    // The trusted root's CT log at this URL (RFC 6962 §4: the prefix of /ct/v1/), or its only one, as PEM. A rotated CT key
    // (signet serve --rotate ct) stays listed at the same URL with its window closed; the tree heads the log serves are
    // signed by its current key, the one whose window is open.
    private static string CtLogKeyPem(Core.Bundles.TrustedRoot root, Uri baseUrl)
    {
        var atUrl = root.Ctlogs.Where(l => Uri.TryCreate(l.BaseUrl, UriKind.Absolute, out var u) && u.ToString().TrimEnd('/') == baseUrl.ToString().TrimEnd('/')).ToList();
        var logs = atUrl.Count > 0 ? atUrl : [.. root.Ctlogs];
        var current = logs.Where(l => l.PublicKey.ValidFor?.End is null).ToList();
        var log = logs.Count == 1 ? logs[0] : current.Count == 1 ? current[0]
            : throw new UsageException($"--trusted-root: no single current CT log with base URL {baseUrl} (it lists {root.Ctlogs.Count})");
        return Core.Encoding.Pem.Encode(Core.Encoding.PemLabels.PublicKey, log.PublicKey.RawBytes);
    }

    private static TimeSpan ParseInterval(string s)
    {
        var unit = s.Length > 0 ? s[^1] : ' ';
        var scale = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, _ => 0 };
        return scale > 0 && double.TryParse(s[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 && n * scale <= 7 * 24 * 3600
            ? TimeSpan.FromSeconds(n * scale)
            : throw new UsageException($"--interval '{s}': expected a number and s, m or h (e.g. 30s, 5m), at most a week");
    }

    private static string Json(Action<Utf8JsonWriter> body) => ResultJson.Write(body);

    private static void Write(ParseResult p, string? path, List<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        if (path is null)
        {
            foreach (var line in lines)
            {
                p.InvocationConfiguration.Output.WriteLine(line);
            }

            return;
        }

        File.AppendAllLines(path, lines);
    }
}
