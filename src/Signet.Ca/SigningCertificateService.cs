using System.Text;
using Signet.Ca.Challenge;
using Signet.Ca.Identity;
using Signet.Ca.Issuance;
using Signet.Ca.Telemetry;
using Signet.Ca.Tokens;

namespace Signet.Ca;

/// <summary>
/// The CA's one operation, in Fulcio's order (docs/how-certificate-issuing-works.md): authenticate the token, derive
/// the identity, check the proof of possession, then issue (precertificate → CT → final certificate). Any failure
/// before issuance throws <see cref="CaRequestRejectedException"/>; nothing is signed or logged in that case.
/// </summary>
public sealed class SigningCertificateService
{
    private readonly IdentityTokenVerifier _tokens;
    private readonly SigningCertificateIssuer _ca;

    public SigningCertificateService(IdentityTokenVerifier tokens, SigningCertificateIssuer ca)
    {
        _tokens = tokens;
        _ca = ca;
    }

    public SigningCertificateIssuer Issuer => _ca;

    public Issuers.IssuerConfiguration Issuers => _tokens.Issuers;

    public async Task<IssuedCertificate> IssueAsync(SigningCertificateRequest request, CancellationToken cancellationToken)
    {
        using var activity = CaTelemetry.Source.StartActivity("ca.issue");
        Principal identity;
        SubmittedPublicKey key;
        Issuers.OidcIssuer issuer;
        try
        {
            (identity, key, issuer) = await AuthorizeWithIssuerAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (CaRequestRejectedException e)
        {
            CaTelemetry.RequestsRefused.Add(1, new KeyValuePair<string, object?>("signet.ca.reason", e.ErrorCode));
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.ErrorCode);
            throw;
        }

        activity?.SetTag(CaTelemetry.IssuerTag, issuer.IssuerUrl);
        var issued = await _ca.IssueAsync(identity, key.SpkiDer, cancellationToken).ConfigureAwait(false);
        CaTelemetry.CertificatesIssued.Add(1, new KeyValuePair<string, object?>(CaTelemetry.IssuerTag, issuer.IssuerUrl),
            new KeyValuePair<string, object?>("signet.ca.oidc_issuer.type", issuer.Type.ToString()));
        return issued;
    }

    /// <summary>Everything before signing: token, identity, key and proof. Exposed so benchmarks can time it alone.</summary>
    public async Task<(Principal Identity, SubmittedPublicKey Key)> AuthorizeAsync(SigningCertificateRequest request, CancellationToken cancellationToken)
    {
        var (identity, key, _) = await AuthorizeWithIssuerAsync(request, cancellationToken).ConfigureAwait(false);
        return (identity, key);
    }

    private async Task<(Principal Identity, SubmittedPublicKey Key, Issuers.OidcIssuer Issuer)> AuthorizeWithIssuerAsync(SigningCertificateRequest request, CancellationToken cancellationToken)
    {
        var hasKey = request.PublicKeySpki is not null;
        var hasCsr = !string.IsNullOrEmpty(request.CertificateSigningRequestPem);
        if (hasKey == hasCsr)
        {
            throw new CaRequestRejectedException(CaRejection.InvalidRequest, "request: give exactly one of publicKeyRequest or certificateSigningRequest");
        }

        var token = await _tokens.VerifyAsync(request.IdentityToken, cancellationToken).ConfigureAwait(false);
        var identity = IdentityMapper.Map(_tokens.Issuers, token.Issuer, token.IssuerUrl, token.Claims);

        SubmittedPublicKey key;
        if (hasCsr)
        {
            key = CertificationRequest.ReadAndVerify(request.CertificateSigningRequestPem!);
        }
        else
        {
            key = SubmittedPublicKey.FromSpki(request.PublicKeySpki!);
            if (request.ProofOfPossession is not { Length: > 0 } proof)
            {
                throw new CaRequestRejectedException(CaRejection.InvalidProofOfPossession, "proofOfPossession: missing");
            }

            // Fulcio pkg/challenges: the signature is over the challenge claim's UTF-8 bytes.
            if (!key.Verify(Encoding.UTF8.GetBytes(identity.Challenge), proof))
            {
                throw new CaRequestRejectedException(CaRejection.InvalidProofOfPossession, "proofOfPossession: the signature over the token's challenge does not verify with the submitted key");
            }
        }

        return (identity, key, token.Issuer);
    }
}
