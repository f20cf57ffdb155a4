using System.Globalization;
using System.Text;
using Signet.Core;
using Signet.Yaml;

namespace Signet.Admission.Manifests;

/// <summary>
/// The kubectl-appliable set that deploys the webhook: Namespace, ServiceAccount, ConfigMaps (policies, trusted
/// root), the TLS Secret (when generated), Deployment, Service, and the Validating and Mutating webhook
/// configurations (<c>failurePolicy: Fail</c>, <c>sideEffects: None</c>, <c>admissionReviewVersions: ["v1"]</c>, the
/// <c>caBundle</c>, and policy-controller's namespace opt-in: only namespaces labelled
/// <c>policy.sigstore.dev/include=true</c> are sent, since a review does not carry its namespace's labels).
/// </summary>
public static class AdmissionManifests
{
    /// <summary>The namespace label that opts a namespace in (policy-controller's).</summary>
    public const string IncludeLabel = "policy.sigstore.dev/include";

    private const string PolicyDir = "/etc/signet/policies";
    private const string TlsDir = "/etc/signet/tls";
    private const string TrustDir = "/etc/signet/trust";
    private const string RegistryDir = "/etc/signet/registry";

    /// <summary>Renders the manifests as one multi-document YAML stream.</summary>
    /// <exception cref="SignetFormatException">A name or setting Kubernetes would refuse.</exception>
    public static string Render(ManifestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check(options);
        var n = options.Name;
        var y = new StringBuilder();
        Doc(y, $"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: {options.Namespace}
            """);
        Doc(y, $"""
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: {n}
              namespace: {options.Namespace}
            """);
        var policies = new StringBuilder($"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {n}-policies
              namespace: {options.Namespace}
            data:
            """);
        policies.Append(options.Policies.Count == 0 ? " {}\n" : "\n");
        foreach (var (file, content) in options.Policies)
        {
            policies.Append(CultureInfo.InvariantCulture, $"  {YamlText.Quote(file)}:{YamlText.Block(content, 4)}\n");
        }

        Doc(y, policies.ToString());
        if (options.TrustedRootJson is { } root)
        {
            Doc(y, $"""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {n}-trust
                  namespace: {options.Namespace}
                data:
                  trusted_root.json: {YamlText.Quote(root)}
                """);
        }

        if (options.Certificates is { } certs)
        {
            Doc(y, $"""
                apiVersion: v1
                kind: Secret
                type: kubernetes.io/tls
                metadata:
                  name: {n}-tls
                  namespace: {options.Namespace}
                stringData:
                  tls.crt:{YamlText.Block(certs.CertificatePem, 4)}
                  tls.key:{YamlText.Block(certs.KeyPem, 4)}
                """);
        }

        Doc(y, WebhookDeployment.Render(options, PolicyDir, TlsDir, TrustDir, RegistryDir));
        Doc(y, $"""
            apiVersion: v1
            kind: Service
            metadata:
              name: {n}
              namespace: {options.Namespace}
            spec:
              selector:
                app.kubernetes.io/name: {n}
              ports:
                - name: https
                  port: 443
                  targetPort: 8443
            """);
        var caBundle = Convert.ToBase64String(Encoding.ASCII.GetBytes(options.CaBundlePem));
        Doc(y, Configuration(options, "ValidatingWebhookConfiguration", "validating", "/validate", caBundle));
        Doc(y, Configuration(options, "MutatingWebhookConfiguration", "mutating", "/mutate", caBundle));
        return y.ToString();
    }

    private static string Configuration(ManifestOptions o, string kind, string what, string path, string caBundle) => $"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: {kind}
        metadata:
          name: {o.Name}-{o.Namespace}
        webhooks:
          - name: {what}.{o.Name}.{o.Namespace}.signet.dev
            admissionReviewVersions: ["v1"]
            sideEffects: None
            failurePolicy: Fail
            timeoutSeconds: {o.TimeoutSeconds}
            matchPolicy: Equivalent
            {(what == "mutating" ? "reinvocationPolicy: IfNeeded" : "# validating: runs after every mutation, on the pinned digests")}
            namespaceSelector:
              matchExpressions:
                - key: {IncludeLabel}
                  operator: In
                  values: ["true"]
            clientConfig:
              service:
                name: {o.Name}
                namespace: {o.Namespace}
                path: {path}
                port: 443
              caBundle: {caBundle}
            rules:
              - apiGroups: [""]
                apiVersions: ["v1"]
                operations: ["CREATE", "UPDATE"]
                resources: ["pods", "pods/ephemeralcontainers"]
                scope: Namespaced
              - apiGroups: ["apps"]
                apiVersions: ["v1"]
                operations: ["CREATE", "UPDATE"]
                resources: ["deployments", "replicasets", "statefulsets", "daemonsets"]
                scope: Namespaced
              - apiGroups: ["batch"]
                apiVersions: ["v1"]
                operations: ["CREATE", "UPDATE"]
                resources: ["jobs", "cronjobs"]
                scope: Namespaced
        """;

    private static void Doc(StringBuilder y, string document) => y.Append("---\n").Append(document.TrimEnd('\n')).Append('\n');

    private static void Check(ManifestOptions o)
    {
        KubernetesNames.RequireLabel("namespace", o.Namespace);
        KubernetesNames.RequireLabel("name", o.Name);
        if (o.RegistrySecret is { } secret)
        {
            KubernetesNames.RequireSubdomain("registry secret", secret);
        }

        if (o.TimeoutSeconds is < 1 or > 30)
        {
            throw new SignetFormatException($"timeout {o.TimeoutSeconds} s: the API server allows 1 to 30");
        }

        if (o.Replicas is < 1 or > 100)
        {
            throw new SignetFormatException($"replicas {o.Replicas}: 1 to 100");
        }

        if (!o.CaBundlePem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new SignetFormatException("caBundle: no PEM certificate");
        }

        if (o.Image.Length == 0 || o.Image.Any(char.IsWhiteSpace))
        {
            throw new SignetFormatException($"image '{o.Image}' is not an image reference");
        }
    }
}
