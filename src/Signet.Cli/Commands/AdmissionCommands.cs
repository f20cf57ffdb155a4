using System.CommandLine;
using System.Text;
using Signet.Admission.Hosting;
using Signet.Admission.Manifests;
using Signet.Admission.Policies;
using Signet.Admission.Reviews;
using Signet.Admission.Verification;
using Signet.Core;
using Signet.Oci;
using Signet.Server;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet admission serve|manifests</c>: the Kubernetes admission webhook (<see cref="AdmissionServer"/>) and the
/// manifests that deploy it (<see cref="AdmissionManifests"/>). Exit 0 stopped or printed, 2 usage, 3 invalid policies
/// or input, 5 a setting (certificate, address) that cannot be used.
/// </summary>
internal static class AdmissionCommands
{
    public static Command Create() =>
        CommandCatalog.Group("admission", "A Kubernetes admission webhook that admits only images whose signatures and attestations satisfy the policies",
            Serve(), Manifests());

    private static Option<string> NoMatch() => new("--no-match")
    {
        Description = "What an image no policy matches gets: deny (default), warn (admit with a warning) or allow",
        DefaultValueFactory = _ => "deny",
    };

    private static NoMatchAction ParseNoMatch(string value) => value switch
    {
        "deny" => NoMatchAction.Deny,
        "warn" => NoMatchAction.Warn,
        "allow" => NoMatchAction.Allow,
        _ => throw new UsageException($"--no-match '{value}': expected allow, warn or deny"),
    };

    private static Command Serve()
    {
        var policies = new Option<string>("--policies") { Description = "A ClusterImagePolicy file, or a directory of *.yaml files (reloaded when they change)", Required = true };
        var cert = new Option<string>("--tls-cert") { Description = "The serving certificate (PEM)", Required = true };
        var key = new Option<string>("--tls-key") { Description = "Its private key (PEM)", Required = true };
        var listen = new Option<string>("--listen") { Description = "Address to listen on, host:port (HTTPS only)", DefaultValueFactory = _ => "0.0.0.0:8443" };
        var trustedRoot = new Option<string?>("--trusted-root") { Description = "Trusted root JSON, bypassing TUF, read again every 10 s (default: the TUF trust store, every 10 min)" };
        var registryConfig = new Option<string?>("--registry-config") { Description = "Registry credentials: a docker config.json (default: ~/.docker/config.json when present)" };
        var insecure = new Option<bool>("--allow-insecure-registry") { Description = "Allow plain HTTP to registries that are not on loopback" };
        var noMatch = NoMatch();
        var ttl = new Option<string>("--cache-ttl") { Description = "How long a verification result is kept, e.g. 5m (0 keeps none)", DefaultValueFactory = _ => "5m" };
        var cacheMb = new Option<int>("--cache-max-mb") { Description = "The result cache's memory bound (MiB)", DefaultValueFactory = _ => 64 };
        var command = new Command("serve", "Serve POST /validate and POST /mutate (AdmissionReview v1) over HTTPS")
        {
            policies, cert, key, listen, trustedRoot, registryConfig, insecure, noMatch, ttl, cacheMb,
        };
        var observability = new ObservabilityFlags(); // --metrics, --otlp-endpoint, --otlp-interval, --log-format
        observability.AddTo(command);
        command.SetRunner(async (p, ct) =>
        {
            System.Net.IPEndPoint endpoint;
            try
            {
                endpoint = ListenEndpoint.Parse(p.GetValue(listen)!);
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message, e);
            }

            var ttlText = p.GetValue(ttl)!;
            var cacheTtl = ttlText == "0" ? TimeSpan.Zero : GoDuration.Parse(ttlText);
            if (p.GetValue(cacheMb) is < 1 or > 16384)
            {
                throw new UsageException("--cache-max-mb: 1 to 16384");
            }

            Signet.Hosting.Observability.ObservabilityOptions reporting;
            try
            {
                reporting = observability.Read(p);
                reporting.Validate(); // an OTLP endpoint that is not http(s): a usage error, as for signet serve
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message, e);
            }

            // Read again when it changes (a mounted Secret whose registry tokens a refresher rotates).
            var config = p.GetValue(registryConfig);
            if (config is not null && !File.Exists(config))
            {
                throw new SignetConfigurationException($"--registry-config {config} does not exist");
            }

            IRegistryCredentialSource? credentials = (config ?? DockerConfigCredentials.DefaultPath()) is { } path ? new WatchedDockerConfig(path) : null;
            var options = new AdmissionServerOptions
            {
                Policies = p.GetValue(policies)!,
                TlsCertificate = p.GetValue(cert)!,
                TlsKey = p.GetValue(key)!,
                Listen = endpoint,
                TrustSource = TrustedRootSource.Watched(p.GetValue(trustedRoot), p.InvocationConfiguration.Error),
                RegistryCredentials = credentials,
                AllowInsecureRegistry = p.GetValue(insecure),
                NoMatch = ParseNoMatch(p.GetValue(noMatch)!),
                CacheTtl = cacheTtl,
                CacheMaxBytes = (long)p.GetValue(cacheMb) << 20,
                Observability = reporting,
            };
            var output = p.InvocationConfiguration.Output;
            try
            {
                await AdmissionServer.RunAsync(options, (url, set) =>
                {
                    output.WriteLine($"signet admission: listening on {url.ToString().TrimEnd('/')} (POST /validate, POST /mutate)");
                    output.WriteLine($"signet admission: {set.Policies.Count} policies: {string.Join(", ", set.Policies.Select(v => $"{v.Policy.Name} ({v.Policy.Mode.ToString().ToLowerInvariant()})"))}");
                    output.Flush();
                }, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM/SIGINT: a graceful stop.
            }
            catch (IOException e)
            {
                throw new SignetConfigurationException($"cannot listen on {ListenEndpoint.Format(endpoint)}: {e.Message}", e);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Manifests()
    {
        var ns = new Option<string>("--namespace") { Description = "The namespace the webhook runs in", Required = true };
        var name = new Option<string>("--name") { Description = "Name of the Deployment, Service, Secret and ConfigMaps", DefaultValueFactory = _ => "signet-admission" };
        var image = new Option<string>("--image") { Description = "The container image with the signet tool", DefaultValueFactory = _ => "signet:0.1.0" };
        var generate = new Option<bool>("--generate-cert") { Description = "Generate a CA and a serving certificate for the Service's DNS name (the TLS Secret and caBundle)" };
        var caBundle = new Option<string?>("--ca-bundle") { Description = "Or: the PEM CA of a serving certificate made elsewhere (cert-manager), in the Secret NAME-tls" };
        var policies = new Option<string?>("--policies") { Description = "A policy file or directory to put in the policies ConfigMap (checked first)" };
        var trustedRoot = new Option<string?>("--trusted-root") { Description = "A trusted root JSON to put in a ConfigMap (default: the webhook uses the TUF trust store)" };
        var registrySecret = new Option<string?>("--registry-secret") { Description = "A kubernetes.io/dockerconfigjson Secret with registry credentials" };
        var timeout = new Option<int>("--timeout-seconds") { Description = "The webhooks' timeoutSeconds (1-30)", DefaultValueFactory = _ => 10 };
        var replicas = new Option<int>("--replicas") { Description = "Webhook replicas", DefaultValueFactory = _ => 2 };
        var noMatch = NoMatch();
        var command = new Command("manifests", "Print the Kubernetes manifests that deploy the webhook (kubectl apply -f -)")
        {
            ns, name, image, generate, caBundle, policies, trustedRoot, registrySecret, timeout, replicas, noMatch,
        };
        command.SetRunner(p =>
        {
            var generated = p.GetValue(generate);
            var caFile = p.GetValue(caBundle);
            if (generated == (caFile is not null))
            {
                throw new UsageException("give exactly one of --generate-cert and --ca-bundle FILE");
            }

            var certificates = generated ? WebhookCertificates.Generate(p.GetValue(name)!, p.GetValue(ns)!, DateTimeOffset.UtcNow, TimeSpan.FromDays(365)) : null;
            var options = new ManifestOptions
            {
                Namespace = p.GetValue(ns)!,
                Name = p.GetValue(name)!,
                Image = p.GetValue(image)!,
                CaBundlePem = certificates?.CaCertificatePem ?? Encoding.ASCII.GetString(CliFiles.Read(caFile!, "--ca-bundle", 1 << 20)),
                Certificates = certificates,
                Policies = p.GetValue(policies) is { } path ? PolicyFiles(path) : [],
                TrustedRootJson = p.GetValue(trustedRoot) is { } root
                    ? Encoding.UTF8.GetString(CliFiles.Read(root, "trusted root", Core.Bundles.TrustedRoot.MaxSize))
                    : null,
                RegistrySecret = p.GetValue(registrySecret),
                TimeoutSeconds = p.GetValue(timeout),
                Replicas = p.GetValue(replicas),
                NoMatch = ParseNoMatch(p.GetValue(noMatch)!),
            };
            if (options.TrustedRootJson is { } json)
            {
                _ = Core.Bundles.TrustedRoot.Parse(Encoding.UTF8.GetBytes(json));
            }

            p.InvocationConfiguration.Output.Write(AdmissionManifests.Render(options));
            return ExitCodes.Success;
        });
        return command;
    }

    // The files as the webhook will read them: checked now, so that a bad policy fails here and not in the cluster.
    private static (string, string)[] PolicyFiles(string path)
    {
        var set = PolicySet.Load(path);
        return set.Policies.Select(v => v.File).Distinct(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), Encoding.UTF8.GetString(CliFiles.Read(f, "policy", Policy.Policies.ClusterImagePolicy.MaxFileBytes))))
            .ToArray();
    }
}
