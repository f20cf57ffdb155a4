using System.Globalization;
using Signet.LogLoad;

// Load tool for Signet's transparency log (see bench/README.md).
//   load --driver sqlite|postgres [--clients 256] [--seconds 20] [--warmup 5] [--pool 300000] [--keys 8] [--api v1|v2]
//   scale [--front-ends 3] [load options]   N front ends on one PostgreSQL, clients spread over them, then proof reads
//   (load --driver postgres and scale: --pg-stats prints PostgreSQL's statements, transactions and CPU per entry)
//   kills [--front-ends 3] [--kills 10] [--writers 32] [--progress 300]   SIGKILL and restart front ends under load, then check nothing acknowledged was lost
//   bulk [--driver sqlite|postgres] --entries 1000000 [--proofs 10000] [--serve] [--keep DIR (build only) | --from DIR (measure only)]
//   witnessed [--rounds 3] [--control] [load options]   the load without witnesses and with --witnesses (default 2), alternated
//     (--control: a third side with the witnesses running but the log not told of them)
//   witness [--requests 3000]        a witness's add-checkpoint latency over loopback HTTP
//   monitor [--entries 200000]       a monitor's catch-up over a log's tiles
//   soak [--driver sqlite|postgres] [--minutes 20] [--signers 4] [--sample 60]   the whole stack under keyless signing and reads: memory, threads, fds over time
var mode = args.FirstOrDefault() ?? "load";
string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

int Int(string name, int fallback) => int.Parse(Arg(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

var verifyRate = EcdsaBaseline.VerifiesPerSecond();
Console.WriteLine($"baseline: ECDSA P-256 verify, 1 thread: {verifyRate:F0}/s");
switch (mode)
{
    case "load":
        await LoadRun.RunAsync(Arg("--driver", "sqlite"), Int("--clients", 256), Int("--seconds", 20), Int("--warmup", 5), Int("--pool", 300_000), Int("--keys", 8), Arg("--api", "v2"), verifyRate, pgStats: args.Contains("--pg-stats"));
        break;
    case "scale":
        await LoadRun.RunAsync("postgres", Int("--clients", 256), Int("--seconds", 20), Int("--warmup", 5), Int("--pool", 300_000), Int("--keys", 8), Arg("--api", "v2"), verifyRate, frontEnds: Int("--front-ends", 3), pgStats: args.Contains("--pg-stats"));
        break;
    case "kills":
        return await KillRun.RunAsync(Int("--front-ends", 3), Int("--kills", 10), Int("--writers", 32), Int("--progress", 300), verifyRate);
    case "witnessed":
        await WitnessedRun.RunAsync(Arg("--driver", "sqlite"), Int("--clients", 256), Int("--seconds", 20), Int("--warmup", 5), Int("--pool", 300_000), Int("--keys", 8), Arg("--api", "v2"), verifyRate, Int("--witnesses", 2), Int("--rounds", 3), args.Contains("--control"));
        break;
    case "witness":
        await WitnessRun.RunAsync(Int("--requests", 3000));
        break;
    case "monitor":
        await MonitorRun.RunAsync(Int("--entries", 200_000), verifyRate);
        break;
    case "soak":
        return await SoakRun.RunAsync(Arg("--driver", "sqlite"), Int("--minutes", 20), Int("--signers", 4), Int("--sample", 60));
    case "bulk":
        await BulkRun.RunAsync(Arg("--driver", "sqlite"), Int("--entries", 1_000_000), Int("--proofs", 10_000), args.Contains("--serve"), verifyRate, Arg("--keep", "") is { Length: > 0 } k ? k : null, Arg("--from", "") is { Length: > 0 } f ? f : null);
        break;
    default:
        Console.Error.WriteLine("usage: load|scale|kills|bulk|witnessed|witness|monitor|soak (see bench/README.md)");
        return 2;
}

return 0;
