using System.Security.Cryptography.X509Certificates;
using Signet.Core.Asn1;
using Signet.Core.Bundles;
using Signet.Files;
using Signet.Server.Log;
using Signet.Tsa;
using Signet.Tuf.Client;

namespace Signet.Server.Trust;

/// <summary>
/// Describes the running server to clients: writes <c>DATA/trusted_root.json</c> (protobuf-specs TrustedRoot v0.2:
/// the CA chain, CT log, transparency log and TSA chain, each with its validity) and
/// <c>DATA/signing_config.v0.2.json</c> (the CA, OIDC, log and TSA URLs) once the server is listening, so a client
/// given these two files can sign against it and verify what it signed. Only the services this process runs appear.
/// </summary>
public static class TrustMaterialFiles
{
    /// <summary>Builds both documents from the services registered in <paramref name="services"/>.</summary>
    public static (TrustedRoot TrustedRoot, SigningConfig SigningConfig) Describe(IServiceProvider services, SignetServerOptions options, Uri boundUrl)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var baseUrl = (options.PublicUrl ?? boundUrl.ToString()).TrimEnd('/');
        var tlogs = new List<TransparencyLogInstance>();
        var cas = new List<CertificateAuthority>();
        var ctlogs = new List<TransparencyLogInstance>();
        var tsas = new List<CertificateAuthority>();
        var caUrls = new List<Service>();
        var oidcUrls = new List<Service>();
        var logUrls = new List<Service>();
        var tsaUrls = new List<Service>();
        var retired = Rotation.RetiredTrust.Load(options); // keys rotated out (signet serve --rotate), their windows closed
        var windows = LogKeyWindows.Load(options);

        if (services.GetService<LogHost>() is { } log)
        {
            // One tree, two identities: Rekor v1 entries name the ECDSA P-256 key (log ID = SHA-256 of its SPKI, as v1
            // clients compute it), Rekor v2 entries the Ed25519 checkpoint key (log ID = C2SP key hash). Every
            // checkpoint carries both signatures, so either entry verifies against the same base URL.
            var (startV1, start) = windows.StartsOf(options, log.Keys);
            tlogs.Add(new TransparencyLogInstance(
                baseUrl, "SHA2_256", new PublicKeyDetails(log.Keys.V1.PublicKey.SpkiDer, "PKIX_ECDSA_P256_SHA_256", new TimeRange(startV1, null)),
                log.Keys.V1.LogId, log.Keys.V1.LogId, "signet"));
            tlogs.Add(new TransparencyLogInstance(
                LogIdentityUrl(baseUrl, log.Keys.Checkpoint.Origin), "SHA2_256", new PublicKeyDetails(log.Keys.Checkpoint.PublicKey.SpkiDer, "PKIX_ED25519", new TimeRange(start, null)),
                log.Keys.Checkpoint.LogId, log.Keys.Checkpoint.LogId, "signet"));
            // The signing config's services open with the keys they sign with (not a restored file's later time).
            logUrls.Add(new Service(baseUrl, 1, new TimeRange(startV1, null), "signet"));
            logUrls.Add(new Service(baseUrl, 2, new TimeRange(start, null), "signet"));
        }

        if (services.GetService<TsaCredentials>() is { } tsa)
        {
            var created = tsa.Leaf.NotBefore.ToUniversalTime();
            var start = Rotation.RetiredTrust.StartAfter(retired.TimestampAuthorities.Select(c => c.ValidFor), created);
            tsas.Add(new CertificateAuthority(
                Name(tsa.Leaf), baseUrl + "/api/v1/timestamp", [tsa.Leaf.RawData, tsa.Root.RawData], new TimeRange(start, null), "signet"));
            tsaUrls.Add(new Service(baseUrl + "/api/v1/timestamp", 1, new TimeRange(created, null), "signet"));
        }

        if (services.GetService<Ca.CaRuntime>() is { } ca)
        {
            // The CA chain (intermediate, root) and the CT log whose SCTs the certificates embed (RFC 6962 log ID = SHA-256 of
            // its key; its URL is the prefix of its API, /ct/v1/, RFC 6962 §4, as public Sigstore's trusted root lists ctfe's).
            var root = ca.Material.Root;
            var start = root.NotBefore.ToUniversalTime();
            if (options.Runs("ca"))
            {
                var caStart = Rotation.RetiredTrust.StartAfter(retired.CertificateAuthorities.Select(c => c.ValidFor), start);
                cas.Add(new CertificateAuthority(Name(root), baseUrl, ca.Service.Issuer.Chain, new TimeRange(caStart, null), "signet"));
                caUrls.Add(new Service(baseUrl, 1, new TimeRange(start, null), "signet"));
            }

            if (options.Runs("ct"))
            {
                var ctStart = windows.CtStartOf(options, ca.Ct.Key.LogId);
                ctlogs.Add(new TransparencyLogInstance(
                    baseUrl, "SHA2_256", new PublicKeyDetails(ca.Ct.Key.PublicKeySpki, "PKIX_ECDSA_P256_SHA_256", new TimeRange(ctStart, null)),
                    ca.Ct.Key.LogId, null, "signet"));
            }
        }

        if (options.DevOidc)
        {
            oidcUrls.Add(new Service(baseUrl + Oidc.DevelopmentIssuer.EmailPath, 1, null, "signet (development only)"));
        }

        // Retired keys first (as public Sigstore lists its inactive shards), with the service that runs here.
        var trustedRoot = new TrustedRoot(
            MediaTypes.TrustedRootV01Suffix,
            tlogs.Count == 0 ? [] : [.. retired.Tlogs, .. tlogs],
            cas.Count == 0 ? [] : [.. retired.CertificateAuthorities, .. cas],
            ctlogs.Count == 0 ? [] : [.. retired.Ctlogs, .. ctlogs],
            tsas.Count == 0 ? [] : [.. retired.TimestampAuthorities, .. tsas]);
        var signingConfig = new SigningConfig(
            MediaTypes.SigningConfigV02, caUrls, oidcUrls, logUrls, new ServiceConfiguration(ServiceSelector.Any, 0),
            tsaUrls, new ServiceConfiguration(ServiceSelector.Any, 0));
        return (trustedRoot, signingConfig);
    }

    /// <summary>Writes both files into the data directory, each replaced atomically; returns the trusted root written.</summary>
    public static TrustedRoot Write(IServiceProvider services, SignetServerOptions options, Uri boundUrl)
    {
        var (root, config) = Describe(services, options, boundUrl);
        DurableFile.Replace(options.PathOf(TrustRootStore.TrustedRootTarget), root.ToJson());
        DurableFile.Replace(options.PathOf(TrustRootStore.SigningConfigTarget), config.ToJson());
        return root;
    }

    /// <summary>
    /// The log's base URL as the trusted root lists it: verifiers take the checkpoint key name from its authority
    /// (sigstore-js, Signet's <c>TrustedLog</c>), so when the log's origin — fixed at its first start — is not this
    /// run's host:port (a restart on another port, or <c>--log-origin</c>), the URL is the one the origin names.
    /// </summary>
    private static string LogIdentityUrl(string baseUrl, string origin)
    {
        if (Uri.TryCreate(baseUrl, UriKind.Absolute, out var u) && u.Authority == origin)
        {
            return baseUrl;
        }

        return Uri.TryCreate($"{(u?.Scheme ?? "http")}://{origin}", UriKind.Absolute, out var named) && named.Authority == origin
            ? named.GetLeftPart(UriPartial.Authority)
            : baseUrl;
    }

    private static DistinguishedName Name(X509Certificate2 certificate) => new(
        certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == X509Oids.OrganizationName).Select(r => r.GetSingleElementValue() ?? "").FirstOrDefault() ?? "",
        certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
}
