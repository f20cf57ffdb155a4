using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Admission.Manifests;
using Signet.Admission.Verification;
using Signet.Core;
using YamlDotNet.RepresentationModel;

namespace Signet.Admission.Tests;

/// <summary>The generated manifests read back as YAML with the fields the API server needs, and the generated certificate serves the Service's name.</summary>
public sealed class ManifestsTests
{
    private static List<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static string At(YamlNode node, params string[] path)
    {
        foreach (var step in path)
        {
            node = int.TryParse(step, out var i) ? ((YamlSequenceNode)node)[i] : ((YamlMappingNode)node)[step];
        }

        return ((YamlScalarNode)node).Value!;
    }

    [Fact]
    public void The_set_is_complete_and_the_webhooks_fail_closed_for_opted_in_namespaces()
    {
        var certs = WebhookCertificates.Generate("signet-admission", "signet-system", DateTimeOffset.UtcNow, TimeSpan.FromDays(365));
        const string policy = "apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\nmetadata:\n  name: p\nspec:\n  images:\n  - glob: \"**\"\n\n  authorities:\n  - static:\n      action: pass\n";
        var yaml = AdmissionManifests.Render(new ManifestOptions
        {
            Namespace = "signet-system",
            Image = "registry.example.com/signet:0.1.0",
            CaBundlePem = certs.CaCertificatePem,
            Certificates = certs,
            Policies = [("policy.yaml", policy)],
            TrustedRootJson = """{"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"}""",
            NoMatch = NoMatchAction.Warn,
        });
        var docs = Documents(yaml);
        Assert.Equal(
            ["Namespace", "ServiceAccount", "ConfigMap", "ConfigMap", "Secret", "Deployment", "Service", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"],
            docs.Select(d => At(d, "kind")).ToArray());

        Assert.Equal(policy, At(docs[2], "data", "policy.yaml")); // the literal block reads back byte for byte
        Assert.Equal(certs.KeyPem, At(docs[4], "stringData", "tls.key"));
        var args = ((YamlSequenceNode)docs[5]["spec"]["template"]["spec"]["containers"][0]["args"]).Select(a => ((YamlScalarNode)a).Value!).ToArray();
        Assert.Equal(["admission", "serve", "--policies", "/etc/signet/policies"], args[..4]);
        Assert.Contains("--trusted-root", args);
        Assert.Equal("warn", args[Array.IndexOf(args, "--no-match") + 1]);

        foreach (var (config, path) in new[] { (docs[7], "/validate"), (docs[8], "/mutate") })
        {
            var hook = ((YamlSequenceNode)config["webhooks"])[0];
            Assert.Equal("Fail", At(hook, "failurePolicy"));
            Assert.Equal("None", At(hook, "sideEffects"));
            Assert.Equal("10", At(hook, "timeoutSeconds"));
            Assert.Equal("v1", At(hook, "admissionReviewVersions", "0"));
            Assert.Equal(path, At(hook, "clientConfig", "service", "path"));
            Assert.Equal("signet-admission", At(hook, "clientConfig", "service", "name"));
            Assert.Equal(certs.CaCertificatePem, Encoding.ASCII.GetString(Convert.FromBase64String(At(hook, "clientConfig", "caBundle"))));
            Assert.Equal(AdmissionManifests.IncludeLabel, At(hook, "namespaceSelector", "matchExpressions", "0", "key"));
            Assert.Equal("true", At(hook, "namespaceSelector", "matchExpressions", "0", "values", "0"));
            var resources = ((YamlSequenceNode)hook["rules"]).SelectMany(r => (YamlSequenceNode)r["resources"]).Select(r => ((YamlScalarNode)r).Value!).ToArray();
            Assert.Equal(["pods", "pods/ephemeralcontainers", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "cronjobs"], resources);
        }
    }

    [Fact]
    public void The_generated_certificate_chains_to_the_ca_for_the_service_name()
    {
        var certs = WebhookCertificates.Generate("signet-admission", "signet-system", DateTimeOffset.UtcNow, TimeSpan.FromDays(365));
        using var ca = X509Certificate2.CreateFromPem(certs.CaCertificatePem);
        using var leaf = X509Certificate2.CreateFromPem(certs.CertificatePem, certs.KeyPem);
        Assert.True(leaf.HasPrivateKey);
        Assert.True(leaf.MatchesHostname("signet-admission.signet-system.svc"));
        Assert.False(leaf.MatchesHostname("other.signet-system.svc"));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Theory]
    [InlineData("Signet", 10)]
    [InlineData("signet-", 10)]
    [InlineData("signet", 31)]
    [InlineData("signet", 0)]
    public void Settings_kubernetes_would_refuse_are_refused(string ns, int timeout)
    {
        var certs = WebhookCertificates.Generate("signet-admission", "x", DateTimeOffset.UtcNow, TimeSpan.FromDays(1));
        Assert.Throws<SignetFormatException>(() => AdmissionManifests.Render(new ManifestOptions
        {
            Namespace = ns, Image = "signet:0.1.0", CaBundlePem = certs.CaCertificatePem, TimeoutSeconds = timeout,
        }));
    }
    [Theory]
    [InlineData("x y")]
    [InlineData("creds\n  evil: true")] // would have been written unquoted into the Deployment's YAML
    [InlineData("Creds")]
    [InlineData("-creds")]
    [InlineData("creds..x")]
    public void A_registry_secret_name_kubernetes_would_refuse_is_refused(string secret)
    {
        var certs = WebhookCertificates.Generate("signet-admission", "x", DateTimeOffset.UtcNow, TimeSpan.FromDays(1));
        var e = Assert.Throws<SignetFormatException>(() => AdmissionManifests.Render(new ManifestOptions
        {
            Namespace = "x", Image = "signet:0.1.0", CaBundlePem = certs.CaCertificatePem, RegistrySecret = secret,
        }));
        Assert.Contains("registry secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registry_secret_that_is_a_subdomain_is_accepted()
    {
        var certs = WebhookCertificates.Generate("signet-admission", "x", DateTimeOffset.UtcNow, TimeSpan.FromDays(1));
        var yaml = AdmissionManifests.Render(new ManifestOptions
        {
            Namespace = "x", Image = "signet:0.1.0", CaBundlePem = certs.CaCertificatePem, RegistrySecret = "registry.creds-1",
        });
        Assert.Contains("secretName: registry.creds-1\n", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("signet-admission", "a-namespace-name-that-is-longer-than-the-sixty-three-characters-a-label-allows")] // was IdnMapping's ArgumentException: exit 70
    [InlineData("Signet", "x")]
    [InlineData("signet", "")]
    public void Certificates_are_not_made_for_names_kubernetes_would_refuse(string service, string ns) =>
        Assert.Throws<SignetFormatException>(() => WebhookCertificates.Generate(service, ns, DateTimeOffset.UtcNow, TimeSpan.FromDays(1)));
}
