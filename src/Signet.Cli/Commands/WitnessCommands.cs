using System.CommandLine;
using Signet.Core;
using Signet.Server.Witness;
using Signet.Witness;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet witness serve --data-dir D --listen ADDR --name NAME [--key FILE|pkcs11:URI] (--log ORIGIN=VERIFIER_KEY … | --log-list FILE)</c>
/// and <c>signet serve</c>'s operations flags (<see cref="ServeOperationsOptions"/>): a C2SP tlog-witness (<see cref="WitnessServer"/>). It prints its URL and its verifier key (also in <c>D/witness.vkey</c>).
/// </summary>
internal static class WitnessCommands
{
    public static Command Create() =>
        CommandCatalog.Group("witness", "Run a C2SP tlog-witness that cosigns transparency-log checkpoints", Serve());

    private static Command Serve()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Directory of the witness's key (witness.key, witness.vkey) and state (witness.db)", Required = true };
        var listen = new Option<string>("--listen") { Description = "Address to listen on, host:port (port 0 picks one)", DefaultValueFactory = _ => "127.0.0.1:3100" };
        var name = new Option<string>("--name") { Description = "The witness's name: its cosignatures' key name, e.g. witness.example.com/w1", Required = true };
        var logs = new Option<string[]>("--log") { Description = "A log to cosign: ORIGIN=VERIFIER_KEY (the log's name+hash+base64 key); repeat for more" };
        var key = new Option<string?>("--key") { Description = "The witness's Ed25519 key: a PKCS#8 PEM file or a pkcs11: URI (signs inside the token); without it DATA/witness.key is made on first start" };
        var logList = new Option<string?>("--log-list") { Description = "A log list in transparency-dev/witness's YAML format (Logs: Origin, PublicKey, …)" };
        var command = new Command("serve", "Cosign checkpoints of the given logs that are consistent with what this witness cosigned before (POST /add-checkpoint)")
        {
            dataDir, listen, name, key, logs, logList,
        };
        var operations = new ServeOperationsOptions(); // --metrics, --otlp-endpoint, --log-format, --tls-cert/--tls-key, --max-connections
        operations.AddTo(command);
        command.SetRunner(async (parse, ct) =>
        {
            var witnessed = (parse.GetValue(logs) ?? []).Select(WitnessedLog.Parse).ToList();
            if (parse.GetValue(logList) is { } file)
            {
                witnessed.AddRange(WitnessLogList.Parse(System.Text.Encoding.UTF8.GetString(CliFiles.Read(file, "--log-list", WitnessLogList.MaxBytes))));
            }

            var options = new WitnessServerOptions
            {
                DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
                Listen = parse.GetValue(listen)!,
                Name = parse.GetValue(name)!,
                Key = parse.GetValue(key),
                Logs = witnessed,
            };
            try
            {
                options = operations.Apply(options, parse);
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message, ex);
            }

            try
            {
                await WitnessServer.RunAsync(options, (url, witness) =>
                {
                    Console.Out.WriteLine($"signet witness: listening on {url.ToString().TrimEnd('/')}");
                    Console.Out.WriteLine($"signet witness: verifier key {witness.VerifierKey}");
                    Console.Out.WriteLine($"signet witness: cosigning {witness.Logs.All.Count} log(s): {string.Join(", ", witness.Logs.All.Select(l => l.Origin).Order(StringComparer.Ordinal))}");
                }, () => Console.Error.WriteLine($"signet witness: waiting for another witness starting on {options.DataDirectory}"), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM/SIGINT: a graceful stop.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SignetConfigurationException(ex.Message, ex);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
