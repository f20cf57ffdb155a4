using System.CommandLine;
using Signet.Ca.Issuance;
using Signet.Core;
using Signet.Server;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet serve --data-dir DIR --listen HOST:PORT [--services log,ca,ct,tsa,tuf] [--dev-oidc]
/// [--ca-key-algorithm ecdsa-p256|ecdsa-p384 | --ca-cert CHAIN.pem --ca-key KEY.pem [--ca-key-password-file F]]
/// [--witness URL=VKEY … [--witness-quorum N] [--witness-timeout SECONDS]]</c>.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var operations = new ServeOperationsOptions(); // --metrics, --otlp-endpoint, --log-format, --tls-cert/--tls-key, --max-connections
        var dataDir = new Option<string>("--data-dir") { Description = "Directory holding all service state and keys", Required = true };
        var listen = new Option<string>("--listen") { Description = "Address to listen on, host:port (port 0 picks one)", DefaultValueFactory = _ => "127.0.0.1:3000" };
        var services = new Option<string>("--services")
        {
            Description = "Comma-separated services to run: " + string.Join(",", SignetServerOptions.KnownServices),
            DefaultValueFactory = _ => string.Join(",", SignetServerOptions.KnownServices),
        };
        var devOidc = new Option<bool>("--dev-oidc") { Description = "Also serve a development OIDC issuer under /oidc (never in production)" };
        var devOidcAllowRemote = new Option<bool>("--dev-oidc-allow-remote") { Description = "UNSAFE: allow --dev-oidc on a non-loopback --listen or --public-url (anyone who reaches the server gets a certificate for any identity)" };
        var publicUrl = new Option<string?>("--public-url") { Description = "Base URL clients use to reach this server (default http://LISTEN)" };
        var logOrigin = new Option<string?>("--log-origin") { Description = "Transparency log name: checkpoint origin (default: host of the public URL)" };
        var postgres = new Option<string?>("--log-postgres") { Description = "PostgreSQL connection string: keep all state of the transparency and CT logs there (any number of front ends with the same keys may share it)" };
        var witness = new Option<string[]>("--witness") { Description = "A C2SP tlog-witness to submit each new checkpoint to: URL=VERIFIER_KEY (name+hash+base64, type 0x04); repeat for more" };
        var witnessQuorum = new Option<int>("--witness-quorum") { Description = "Cosignatures a checkpoint needs before the log serves it (default 0: serve at once with those collected)" };
        var witnessTimeout = new Option<double>("--witness-timeout") { Description = "Seconds a checkpoint waits for its quorum before it is served with fewer cosignatures", DefaultValueFactory = _ => 1 };

        var caKeyAlgorithm = new Option<string>("--ca-key-algorithm")
        {
            Description = "Key algorithm of a CA generated on first start: ecdsa-p256 (default) or ecdsa-p384",
            DefaultValueFactory = _ => CaKeyStore.DefaultKeyAlgorithm,
        };
        var caCert = new Option<string?>("--ca-cert") { Description = "Use this CA: PEM chain, issuing certificate first, root last (with --ca-key)" };
        var caKey = new Option<string?>("--ca-key") { Description = "The issuing certificate's key: PKCS#8 PEM file (plain or encrypted) or a key in a PKCS#11 token (pkcs11:token=T;object=O?module-path=LIB&pin-value=PIN)" };
        var caKeyPassword = new Option<string?>("--ca-key-password-file") { Description = "File holding the password of an encrypted --ca-key" };
        var tsaKey = new Option<string?>("--tsa-key") { Description = "The TSA's signing key: EC PEM file or pkcs11: URI (its certificate chain is made on first start)" };
        var logKey = new Option<string?>("--log-key") { Description = "The log's ECDSA P-256 key (Rekor v1 log ID, signed entry timestamps, checkpoint co-signature): PEM file or pkcs11: URI" };
        var logCheckpointKey = new Option<string?>("--log-checkpoint-key") { Description = "The log's Ed25519 checkpoint key (Rekor v2 log ID, every checkpoint's signature): PEM file or pkcs11: URI" };
        var ctKey = new Option<string?>("--ct-key") { Description = "The CT log's ECDSA P-256 key (signs the SCTs the CA embeds in certificates): PEM file or pkcs11: URI" };
        var tufOnlineKey = new Option<string?>("--tuf-online-key") { Description = "The TUF repository's online (snapshot/timestamp) key: PEM file or pkcs11: URI" };
        var rotate = new Option<string[]>("--rotate") { Description = "At start, replace these keys (log, tsa, ca, ct; repeat or comma list): the old one stays in trusted_root.json with its validity closed now, the new one signs from now on" };

        var command = new Command("serve", "Run the Sigstore services (log, CA, CT, TSA, TUF) on one base URL")
        {
            dataDir, listen, services, devOidc, devOidcAllowRemote, publicUrl, logOrigin, postgres, witness, witnessQuorum, witnessTimeout, caKeyAlgorithm, caCert, caKey, caKeyPassword,
            tsaKey, logKey, tufOnlineKey, rotate, logCheckpointKey, ctKey,
        };
        command.SetRunner(async (parse, ct) =>
        {
            SignetServerOptions options;
            try
            {
                options = new SignetServerOptions
                {
                    DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
                    Listen = parse.GetValue(listen)!,
                    Services = parse.GetValue(services)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .ToHashSet(StringComparer.Ordinal),
                    DevOidc = parse.GetValue(devOidc),
                    DevOidcAllowRemote = parse.GetValue(devOidcAllowRemote),
                    PublicUrl = parse.GetValue(publicUrl),
                    LogOrigin = parse.GetValue(logOrigin),
                    LogPostgresConnectionString = parse.GetValue(postgres),
                    Witnesses = (parse.GetValue(witness) ?? []).Select(Signet.Log.Witnessing.LogWitness.Parse).ToList(),
                    Witnessing = new Signet.Log.Witnessing.WitnessingOptions
                    {
                        Quorum = parse.GetValue(witnessQuorum),
                        QuorumTimeout = parse.GetValue(witnessTimeout) is var t && double.IsFinite(t) && t is >= 0 and <= 3600
                            ? TimeSpan.FromSeconds(t)
                            : throw new UsageException("--witness-timeout must be between 0 and 3600 seconds"),
                    },
                    CaKeyAlgorithm = parse.GetValue(caKeyAlgorithm)!,
                    CaCertificateChainFile = FullPathOrNull(parse.GetValue(caCert)),
                    CaKeyFile = KeyReferenceOrNull(parse.GetValue(caKey)),
                    TsaKey = KeyReferenceOrNull(parse.GetValue(tsaKey)),
                    LogKey = KeyReferenceOrNull(parse.GetValue(logKey)),
                    LogCheckpointKey = KeyReferenceOrNull(parse.GetValue(logCheckpointKey)),
                    TufOnlineKey = KeyReferenceOrNull(parse.GetValue(tufOnlineKey)),
                    CtKey = KeyReferenceOrNull(parse.GetValue(ctKey)),
                    CaKeyPasswordFile = FullPathOrNull(parse.GetValue(caKeyPassword)),
                    Rotate = (parse.GetValue(rotate) ?? []).SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        .ToHashSet(StringComparer.Ordinal),
                };
                options = operations.Apply(options, parse);
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                // Options validate as .NET options do (ArgumentException); on the command line that is a usage error.
                throw new UsageException(ex.Message, ex);
            }

            try
            {
                // With --log-format json the server logs the same line as JSON (SignetServer.StartAsync).
                await SignetServer.RunAsync(options,
                    url => { if (!options.Observability.JsonLogs) Console.Out.WriteLine($"signet: listening on {url.ToString().TrimEnd('/')}"); },
                    () => Console.Error.WriteLine($"signet serve: waiting for another signet serve starting on {options.DataDirectory}"), ct)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM/SIGINT: a graceful stop.
            }
            catch (Exception ex) when (StartupFailure.Describe(ex, options.Listen) is { } why)
            {
                // The data directory, its database or the address cannot be used as configured: a startup failure
                // (exit 5, one line; the host's own startup log is filtered out, SignetServer.Build).
                throw new SignetConfigurationException($"cannot start: {why}", ex);
            }

            return ExitCodes.Success;
        });
        operations.AddTo(command);
        return command;
    }

    private static string? FullPathOrNull(string? path) => path is null ? null : Path.GetFullPath(path);

    /// <summary>A key option: a pkcs11: URI as given, a file by its full path.</summary>
    private static string? KeyReferenceOrNull(string? reference) => Signet.Pkcs11.Pkcs11Uri.IsPkcs11(reference) ? reference : FullPathOrNull(reference);
}
