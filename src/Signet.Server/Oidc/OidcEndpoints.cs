using Signet.Server.Ca;

namespace Signet.Server.Oidc;

/// <summary>
/// The development issuer's HTTP surface under <c>/oidc</c>: discovery for <c>&lt;base&gt;/oidc</c> and
/// <c>&lt;base&gt;/oidc/github-actions</c>, <c>GET /oidc/jwks</c>, and <c>POST /oidc/token</c> (form fields <c>email</c>
/// or <c>github_workflow</c>, optional <c>audience</c>, default <c>sigstore</c>; or an interactive grant, see
/// <see cref="TokenGrants"/>), and the interactive login pages (<see cref="InteractiveLoginEndpoints"/>).
/// </summary>
public static class OidcEndpoints
{
    public static IEndpointRouteBuilder MapDevOidc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/oidc/.well-known/openid-configuration", (PublicBaseUrl b) =>
            Results.Text(DevelopmentIssuer.DiscoveryJson(b.Value + DevelopmentIssuer.EmailPath, b.Value, interactive: true), "application/json"));
        endpoints.MapGet("/oidc/github-actions/.well-known/openid-configuration", (PublicBaseUrl b) =>
            Results.Text(DevelopmentIssuer.DiscoveryJson(b.Value + DevelopmentIssuer.GithubActionsPath, b.Value, interactive: false), "application/json"));
        endpoints.MapGet("/oidc/jwks", (DevelopmentIssuer issuer) => Results.Text(issuer.JwksJson(), "application/json"));
        endpoints.MapPost("/oidc/token", TokenAsync);
        endpoints.MapInteractiveLogins();
        return endpoints;
    }

    private static async Task<IResult> TokenAsync(HttpContext context, DevelopmentIssuer issuer, PendingLogins logins, PublicBaseUrl baseUrl)
    {
        var form = await InteractiveLoginEndpoints.ReadFormAsync(context).ConfigureAwait(false);
        string? Field(string name) => form.TryGetValue(name, out var v) && v.Count == 1 ? v[0] : null;
        if (Field("grant_type") is { } grantType)
        {
            return TokenGrants.Handle(grantType, Field, issuer, logins, baseUrl.Value);
        }

        var email = Field("email");
        var workflow = Field("github_workflow");
        var audience = Field("audience") ?? "sigstore";
        if ((email is null) == (workflow is null))
        {
            throw HttpProblemException.BadRequest("give exactly one of the form fields 'email' or 'github_workflow'");
        }

        var token = email is not null
            ? issuer.MintEmailToken(baseUrl.Value, email, audience)
            : issuer.MintGithubWorkflowToken(baseUrl.Value, workflow!, audience);
        return TokenGrants.Token(token);
    }
}
