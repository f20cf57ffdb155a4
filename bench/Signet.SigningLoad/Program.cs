namespace Signet.SigningLoad;

/// <summary>
/// Load tools for the signing side, each against a real local server started in this process:
/// <c>dotnet run -c Release --project bench/Signet.SigningLoad -- tsa [seconds] [concurrency] [raw|httpclient]</c> — RFC
/// 3161 timestamps/s over loopback HTTP, next to the raw ECDSA P-256 signing rate of the same machine in the same run
/// (the ratio is the figure);
/// <c>… -- keyless [count]</c> — keyless signing end to end (p50/p99 and each step's share).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "tsa";
        var client = args.Skip(1).FirstOrDefault(a => a is "raw" or "httpclient") ?? "raw";
        var rest = args.Skip(1).Where(a => a is not ("raw" or "httpclient")).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return mode switch
        {
            "tsa" => await TsaLoad.RunAsync(rest.ElementAtOrDefault(0) is > 0 and var s ? s : 10, rest.ElementAtOrDefault(1) is > 0 and var c ? c : 64, client),
            "keyless" => await KeylessLatency.RunAsync(rest.ElementAtOrDefault(0) is > 0 and var n ? n : 200),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Signet.SigningLoad tsa [seconds] [concurrency] [raw|httpclient] | keyless [count]");
        return 2;
    }
}
