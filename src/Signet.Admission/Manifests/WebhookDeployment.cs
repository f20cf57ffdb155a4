using System.Text;

namespace Signet.Admission.Manifests;

/// <summary>
/// The webhook's Deployment: <c>signet admission serve</c> with the policies, TLS Secret, trusted root and registry
/// credentials mounted read-only, each volume at <c>/etc/signet/NAME</c> and named so in the server's flags.
/// </summary>
internal static class WebhookDeployment
{
    public static string Render(ManifestOptions o)
    {
        var mounts = new StringBuilder();
        var volumes = new StringBuilder();
        string Mount(string name, string source)
        {
            var path = "/etc/signet/" + name;
            mounts.Append($"            - name: {name}\n              mountPath: {path}\n              readOnly: true\n");
            volumes.Append($"        - name: {name}\n{source}");
            return path;
        }

        var policies = Mount("policies", $"          configMap:\n            name: {o.Name}-policies\n");
        var tls = Mount("tls", $"          secret:\n            secretName: {o.Name}-tls\n");
        var args = new List<string>
        {
            "admission", "serve", "--policies", policies, "--tls-cert", $"{tls}/tls.crt", "--tls-key", $"{tls}/tls.key",
            "--listen", "0.0.0.0:8443", "--no-match", o.NoMatch.ToString().ToLowerInvariant(),
        };
        if (o.TrustedRootJson is not null)
        {
            var trust = Mount("trust", $"          configMap:\n            name: {o.Name}-trust\n");
            args.AddRange(["--trusted-root", $"{trust}/trusted_root.json"]);
        }

        if (o.RegistrySecret is { } secret)
        {
            var registry = Mount("registry",
                $"          secret:\n            secretName: {secret}\n            items:\n              - key: .dockerconfigjson\n                path: config.json\n");
            args.AddRange(["--registry-config", $"{registry}/config.json"]);
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
