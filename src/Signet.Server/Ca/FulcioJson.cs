using System.Text;
using System.Text.Json;
using Signet.Ca;
using Signet.Ca.Issuers;
using Signet.Core.Encoding;
using Signet.Core.Json;

namespace Signet.Server.Ca;

/// <summary>
/// Fulcio's v2 JSON (protobuf JSON mapping of fulcio.proto): <c>CreateSigningCertificateRequest</c> in,
/// <c>SigningCertificate</c>, <c>TrustBundle</c> and <c>Configuration</c> out. Unknown fields are ignored.
/// </summary>
internal static class FulcioJson
{
    /// <summary>Fulcio's request body: 1 MiB (the endpoint reads at most 64 KiB), 16 levels, 1,024 members or items.</summary>
    private static readonly JsonLimits RequestLimits = new(1024 * 1024, 16, 1024);

    /// <summary>
    /// Reads <c>CreateSigningCertificateRequest</c> (protobuf JSON: lowerCamelCase or the proto field names) through
    /// <see cref="StrictJson"/>: the token (or the bearer token), a public key with its proof of possession, or a CSR.
    /// </summary>
    public static SigningCertificateRequest ReadRequest(byte[] body, string? bearerToken)
    {
        using var doc = StrictJson.Parse(body, "request", RequestLimits);
        var root = JsonField.Root(doc.RootElement, "request").RequireObject();
        var credentials = Member(root, "credentials", "credentials");
        var token = (credentials is { } c ? String(c, "oidcIdentityToken", "oidc_identity_token") : null) ?? bearerToken;
        if (string.IsNullOrEmpty(token))
        {
            throw new CaRequestRejectedException(CaRejection.InvalidIdentityToken, "request: credentials.oidcIdentityToken is missing");
        }

        byte[]? spki = null, proof = null;
        if (Member(root, "publicKeyRequest", "public_key_request") is { } p)
        {
            var content = (Member(p, "publicKey", "public_key") is { } k ? k.OptionalString("content") : null)
                ?? throw new CaRequestRejectedException(CaRejection.InvalidRequest, "request: publicKeyRequest.publicKey.content is missing");
            spki = ReadPublicKey(content);
            var pop = String(p, "proofOfPossession", "proof_of_possession");
            proof = pop is null ? null : Base64(pop, "publicKeyRequest.proofOfPossession");
        }

        var csrField = String(root, "certificateSigningRequest", "certificate_signing_request");
        string? csr = null;
        if (!string.IsNullOrEmpty(csrField))
        {
            // A proto 'bytes' field: base64 of the PEM. A bare PEM string is accepted too.
            csr = csrField.Contains("-----BEGIN", StringComparison.Ordinal) ? csrField : Encoding.UTF8.GetString(Base64(csrField, "certificateSigningRequest"));
        }

        return new SigningCertificateRequest(token, spki, proof, csr);
    }

    public static string SigningCertificate(IEnumerable<byte[]> certificates) => Write(w =>
    {
        w.WriteStartObject("signedCertificateEmbeddedSct");
        w.WriteStartObject("chain");
        WriteCertificates(w, certificates);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    public static string TrustBundle(IEnumerable<byte[]> chain) => Write(w =>
    {
        w.WriteObjectArray("chains", [chain], c => WriteCertificates(w, c));
    });

    /// <summary>fulcio.proto <c>Configuration{issuers[{issuerUrl | wildcardIssuerUrl, audience, challengeClaim, spiffeTrustDomain}]}</c>.</summary>
    public static string Configuration(IssuerConfiguration config) => Write(w =>
    {
        w.WriteStartArray("issuers");
        foreach (var i in config.Issuers.OrderBy(i => i.IssuerUrl, StringComparer.Ordinal))
        {
            WriteIssuer(w, "issuerUrl", i.IssuerUrl, i);
        }

        foreach (var m in config.MetaIssuers)
        {
            WriteIssuer(w, "wildcardIssuerUrl", m.Pattern, m.Template);
        }

        w.WriteEndArray();
    });

    /// <summary>Fulcio's error body (grpc-gateway status: code, message, details) with RFC 9457 fields alongside.</summary>
    public static string Error(int status, int grpcCode, string message, string instance) => Write(w =>
    {
        w.WriteNumber("code", grpcCode);
        w.WriteString("message", message);
        w.WriteStartArray("details");
        w.WriteEndArray();
        w.WriteString("type", "about:blank");
        w.WriteString("title", status == 401 ? "Unauthorized" : "Bad Request");
        w.WriteNumber("status", status);
        w.WriteString("detail", message);
        w.WriteString("instance", instance);
    });

    private static void WriteIssuer(Utf8JsonWriter w, string urlField, string url, OidcIssuer issuer)
    {
        w.WriteStartObject();
        w.WriteString(urlField, url);
        w.WriteString("audience", issuer.ClientId);
        w.WriteString("challengeClaim", issuer.EffectiveChallengeClaim);
        if (issuer.SpiffeTrustDomain is { } td)
        {
            w.WriteString("spiffeTrustDomain", td);
        }

        w.WriteEndObject();
    }

    private static void WriteCertificates(Utf8JsonWriter w, IEnumerable<byte[]> certificates) =>
        w.WriteStringArray("certificates", certificates.Select(c => Pem.Encode(PemLabels.Certificate, c)));

    private static string Write(Action<Utf8JsonWriter> body) => Encoding.UTF8.GetString(ProtobufJson.WriteObject(body));

    private static byte[] ReadPublicKey(string content)
    {
        if (content.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            try
            {
                var fields = System.Security.Cryptography.PemEncoding.Find(content);
                if (content[fields.Label] != PemLabels.PublicKey)
                {
                    throw new CaRequestRejectedException(CaRejection.InvalidRequest, $"publicKeyRequest.publicKey.content: PEM label is '{content[fields.Label]}', not PUBLIC KEY");
                }

                return Convert.FromBase64String(content[fields.Base64Data]);
            }
            catch (ArgumentException e)
            {
                throw new CaRequestRejectedException(CaRejection.InvalidRequest, "publicKeyRequest.publicKey.content: not PEM", e);
            }
        }

        return Base64(content, "publicKeyRequest.publicKey.content");
    }

    /// <summary>A member by its JSON name or, as protobuf JSON parsers accept it, its proto field name.</summary>
    private static JsonField? Member(JsonField parent, string jsonName, string protoName) =>
        parent.TryGet(jsonName, out var v) || parent.TryGet(protoName, out v) ? v : null;

    private static string? String(JsonField parent, string jsonName, string protoName) =>
        Member(parent, jsonName, protoName)?.GetString();

    private static byte[] Base64(string s, string what)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException e)
        {
            throw new CaRequestRejectedException(CaRejection.InvalidRequest, $"request: {what} is not base64", e);
        }
    }
}
