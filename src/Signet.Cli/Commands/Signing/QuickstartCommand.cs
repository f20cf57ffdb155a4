using System.CommandLine;
using Signet.Client.Identity;
using Signet.Client.Services;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.Verification;
using Signet.Server;
using Signet.Tuf.Client;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// <c>signet quickstart [--data-dir DIR]</c>: the whole private Sigstore in one command — start CA, CT log,
/// transparency log, TSA and a development OIDC issuer in this process on the embedded default, get a development
/// identity token, sign a file keylessly, verify the bundle, and say what to run next.
/// </summary>
internal static class QuickstartCommand
{
    private const string Email = "quickstart@signet.dev";

    public static Command Create(TimeProvider time)
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Where the stack keeps its state and the signed example", DefaultValueFactory = _ => ".signet-quickstart" };
        var command = new Command("quickstart", "Start a local Sigstore stack, sign a file keylessly and verify it") { dataDir };
        command.SetRunner(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var dir = Path.GetFullPath(parse.GetValue(dataDir)!);
            // Port 0: the server binds before naming its log, so the origin is the host:port clients reach it at.
            var options = new SignetServerOptions { DataDirectory = Path.Combine(dir, "server"), Listen = "127.0.0.1:0", DevOidc = true };
            // The quickstart's stack is throwaway: a fresh one each run (its log is named after the port it gets).
            if (Directory.Exists(options.DataDirectory))
            {
                Directory.Delete(options.DataDirectory, recursive: true);
            }

            var started = time.GetTimestamp();
            var app = SignetServer.Build(options);
            await using (app.ConfigureAwait(false))
            {
                var url = await SignetServer.StartAsync(app, ct).ConfigureAwait(false);
                var baseUrl = url.ToString().TrimEnd('/');
                await output.WriteLineAsync($"1. started CA, CT log, transparency log, TSA and dev OIDC issuer at {baseUrl} ({time.GetElapsedTime(started).TotalMilliseconds:F0} ms; state in {options.DataDirectory})").ConfigureAwait(false);

                using var http = ServiceHttpClient.Create(ServiceHttpClient.ReadTimeout);
                var token = await DevelopmentTokens.ForEmailAsync(http, url, Email, cancellationToken: ct).ConfigureAwait(false);
                await output.WriteLineAsync($"2. got a development identity token for {Email}").ConfigureAwait(false);

                var artifact = Path.Combine(dir, "hello.txt");
                await File.WriteAllTextAsync(artifact, $"Hello from Signet, {time.GetUtcNow():O}\n", ct).ConfigureAwait(false);
                var bundlePath = artifact + ".sigstore.json";
                var signingConfig = Path.Combine(options.DataDirectory, TrustRootStore.SigningConfigTarget);
                var trustedRootPath = Path.Combine(options.DataDirectory, TrustRootStore.TrustedRootTarget);
                var trustedRoot = TrustedRoot.Parse(await File.ReadAllBytesAsync(trustedRootPath, ct).ConfigureAwait(false));
                var payload = SigningPayload.ForArtifact(await File.ReadAllBytesAsync(artifact, ct).ConfigureAwait(false));
                var request = new SigningRequest(SigningConfig.Parse(await File.ReadAllBytesAsync(signingConfig, ct).ConfigureAwait(false)), trustedRoot)
                {
                    IdentityToken = token,
                };
                var workflow = new SigningWorkflow(http, time, new SignerConsole(TextReader.Null, Console.Error, attended: false));
                var signed = await workflow.SignToFileAsync(request, payload, bundlePath, ct).ConfigureAwait(false);
                var t = signed.Timings;
                await output.WriteLineAsync(
                    $"3. signed {artifact} keylessly in {t.Total.TotalMilliseconds:F0} ms (certificate {t.Certificate.TotalMilliseconds:F0} ms, " +
                    $"timestamp {t.Timestamp.TotalMilliseconds:F0} ms, log {t.Log.TotalMilliseconds:F0} ms); bundle: {bundlePath}").ConfigureAwait(false);

                var verifier = new Verifier(TrustedMaterial.FromTrustedRoot(trustedRoot));
                var result = verifier.Verify(
                    Bundle.Parse(await File.ReadAllBytesAsync(bundlePath, ct).ConfigureAwait(false)),
                    Artifact.FromBytes(payload.Artifact!),
                    VerificationPolicy.ForIdentity(Email, baseUrl + "/oidc"));
                await output.WriteLineAsync($"4. verified: signed by {Email} (issuer {baseUrl}/oidc), {result.Timestamps.Count} verified time(s)").ConfigureAwait(false);
                await output.WriteLineAsync($"next: ./signet serve --data-dir {options.DataDirectory} --dev-oidc, then ./signet sign FILE --signing-config {signingConfig} --identity-token \"$(./signet dev-token --server URL --email you@example.com)\"").ConfigureAwait(false);
                await app.StopAsync(ct).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
