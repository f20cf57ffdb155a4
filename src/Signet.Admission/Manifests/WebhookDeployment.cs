using System.Globalization;
using System.Text;
using Signet.Yaml;

namespace Signet.Admission.Manifests;

/// <summary>The webhook's Deployment: <c>signet admission serve</c> with the policies, TLS Secret, trusted root and registry credentials mounted read-only.</summary>
internal static class WebhookDeployment
{
    public static string Render(ManifestOptions o, string policyDir, string tlsDir, string trustDir, string registryDir)
    {
        var args = new List<string>
        {
            "admission", "serve", "--policies", policyDir, "--tls-cert", $"{tlsDir}/tls.crt", "--tls-key", $"{tlsDir}/tls.key",
            "--listen", "0.0.0.0:8443", "--no-match", o.NoMatch.ToString().ToLowerInvariant(),
        };
        var mounts = new StringBuilder();
        var volumes = new StringBuilder();
        void Mount(string name, string path, string source)
        {
            mounts.Append(CultureInfo.InvariantCulture, $"            - name: {name}\n              mountPath: {path}\n              readOnly: true\n");
            volumes.Append(CultureInfo.InvariantCulture, $"        - name: {name}\n{source}");
        }

        Mount("policies", policyDir, $"          configMap:\n            name: {o.Name}-policies\n");
        Mount("tls", tlsDir, $"          secret:\n            secretName: {o.Name}-tls\n");
        if (o.TrustedRootJson is not null)
        {
            args.AddRange(["--trusted-root", $"{trustDir}/trusted_root.json"]);
            Mount("trust", trustDir, $"          configMap:\n            name: {o.Name}-trust\n");
        }

        if (o.RegistrySecret is { } secret)
        {
            args.AddRange(["--registry-config", $"{registryDir}/config.json"]);
            Mount("registry", registryDir,
                $"          secret:\n            secretName: {secret}\n            items:\n              - key: .dockerconfigjson\n                path: config.json\n");
        }

        // HOME on a writable volume: the TUF trust store lives there when no trusted root is given.
        mounts.Append("            - name: home\n              mountPath: /home/signet\n");
        volumes.Append("        - name: home\n          emptyDir: {}\n");
        return $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {o.Name}
              namespace: {o.Namespace}
            spec:
              replicas: {o.Replicas}
              selector:
                matchLabels:
                  app.kubernetes.io/name: {o.Name}
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: {o.Name}
                spec:
                  serviceAccountName: {o.Name}
                  securityContext:
                    runAsNonRoot: true
                    runAsUser: 65532
                  containers:
                    - name: webhook
                      image: {YamlText.Quote(o.Image)}
                      args: [{string.Join(", ", args.Select(YamlText.Quote))}]
                      env:
                        - name: HOME
                          value: /home/signet
                      ports:
                        - name: https
                          containerPort: 8443
                      readinessProbe:
                        httpGet:
                          scheme: HTTPS
                          path: /healthz
                          port: 8443
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities:
                          drop: ["ALL"]
                      volumeMounts:
            {mounts.ToString().TrimEnd('\n')}
                  volumes:
            {volumes.ToString().TrimEnd('\n')}
            """;
    }
}
