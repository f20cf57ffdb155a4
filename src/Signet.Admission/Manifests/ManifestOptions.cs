using Signet.Admission.Verification;

namespace Signet.Admission.Manifests;

/// <summary>What <c>signet admission manifests</c> renders.</summary>
public sealed record ManifestOptions
{
    /// <summary>The namespace the webhook runs in.</summary>
    public required string Namespace { get; init; }

    /// <summary>The name of the Deployment, Service, Secret and ConfigMaps.</summary>
    public string Name { get; init; } = "signet-admission";

    /// <summary>The container image holding the <c>signet</c> tool.</summary>
    public required string Image { get; init; }

    /// <summary>Replicas of the webhook (with <c>failurePolicy: Fail</c>, more than one keeps admission up during a rollout).</summary>
    public int Replicas { get; init; } = 2;

    /// <summary>The webhook configurations' <c>timeoutSeconds</c> (1–30).</summary>
    public int TimeoutSeconds { get; init; } = 10;

    /// <summary>The PEM CA certificate(s) the API server trusts for the webhook (<c>caBundle</c>).</summary>
    public required string CaBundlePem { get; init; }

    /// <summary>A generated serving certificate and key, rendered as the TLS Secret; null when the Secret is made elsewhere (cert-manager).</summary>
    public WebhookCertificates? Certificates { get; init; }

    /// <summary>The policy files for the policies ConfigMap (file name, content).</summary>
    public IReadOnlyList<(string FileName, string Content)> Policies { get; init; } = [];

    /// <summary>A trusted root (JSON) for a ConfigMap and <c>--trusted-root</c>; null: the webhook uses the TUF trust store.</summary>
    public string? TrustedRootJson { get; init; }

    /// <summary>A <c>kubernetes.io/dockerconfigjson</c> Secret with registry credentials, mounted for <c>--registry-config</c>.</summary>
    public string? RegistrySecret { get; init; }

    /// <summary>What the webhook does with images no policy matches.</summary>
    public NoMatchAction NoMatch { get; init; } = NoMatchAction.Deny;
}
