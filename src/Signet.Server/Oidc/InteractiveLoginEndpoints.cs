using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Signet.Server.Ca;

namespace Signet.Server.Oidc;

/// <summary>
/// The development issuer's interactive logins: <c>GET|POST /oidc/auth</c> (authorization code with PKCE, RFC 6749
/// §4.1 + RFC 7636, for loopback redirects, RFC 8252 §7.3), <c>POST /oidc/device/code</c> and <c>GET|POST
/// /oidc/device</c> (device authorization, RFC 8628 §3.1–§3.3). Codes are redeemed at <c>POST /oidc/token</c>
/// (<see cref="TokenGrants"/>).
/// </summary>
internal static class InteractiveLoginEndpoints
{
    private const int MaxFormBytes = 8 * 1024;

    public static IEndpointRouteBuilder MapInteractiveLogins(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/oidc/auth", (HttpContext context) =>
            Authorize(name => context.Request.Query[name], () => LoginPages.Authorize(
                context.Request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString())))));
        endpoints.MapPost("/oidc/auth", ApproveAsync);
        endpoints.MapPost("/oidc/device/code", StartDeviceAsync);
        endpoints.MapGet("/oidc/device", (HttpContext context) => LoginPages.Device(context.Request.Query["user_code"].FirstOrDefault()));
        endpoints.MapPost("/oidc/device", ApproveDeviceAsync);
        return endpoints;
    }

    internal static async Task<Dictionary<string, StringValues>> ReadFormAsync(HttpContext context)
    {
        var body = await RequestBody.ReadAsync(context.Request, MaxFormBytes, context.RequestAborted).ConfigureAwait(false);
        return QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(body));
    }

    private static IResult Authorize(Func<string, StringValues> field, Func<IResult> onValid)
    {
        try
        {
            _ = AuthorizationRequest.Parse(field);
            return onValid();
        }
        catch (AuthorizationRedirectError e)
        {
            return Results.Redirect(e.Location);
        }
    }

    /// <summary>The person chose an identity (or denied): redirect back with a code or <c>access_denied</c> (RFC 6749 §4.1.2).</summary>
    private static async Task<IResult> ApproveAsync(HttpContext context, PendingLogins logins)
    {
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        StringValues Field(string name) => form.TryGetValue(name, out var v) ? v : StringValues.Empty;
        return Authorize(Field, () =>
        {
            var request = AuthorizationRequest.Parse(Field);
            if (Field("deny").Count > 0)
            {
                return Results.Redirect(AuthorizationResponse.Location(request.RedirectUri, request.State, ("error", "access_denied")));
            }

            var email = Field("email") is { Count: 1 } e ? e[0]! : throw HttpProblemException.BadRequest("give one email identity");
            DevelopmentIssuer.CheckEmail(email);
            var code = logins.IssueCode(request.ClientId, request.RedirectUri, request.CodeChallenge, request.Nonce, email);
            return Results.Redirect(AuthorizationResponse.Location(request.RedirectUri, request.State, ("code", code)));
        });
    }

    /// <summary>RFC 8628 §3.1–§3.2: a device code, a user code and where the user enters it.</summary>
    private static async Task<IResult> StartDeviceAsync(HttpContext context, PendingLogins logins, PublicBaseUrl baseUrl)
    {
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        if (!form.TryGetValue("client_id", out var clientId) || clientId.Count != 1 || string.IsNullOrEmpty(clientId[0]) || clientId[0]!.Length > 256)
        {
            return TokenGrants.Error("invalid_client", "client_id is missing");
        }

        var (deviceCode, grant) = logins.StartDevice(clientId[0]!);
        var verification = baseUrl.Value + "/oidc/device";
        var response = new DeviceAuthorizationResponse(
            deviceCode,
            grant.UserCode,
            verification,
            verification + "?user_code=" + Uri.EscapeDataString(grant.UserCode),
            (int)PendingLogins.DeviceCodeLifetime.TotalSeconds,
            PendingLogins.PollIntervalSeconds);
        return TokenGrants.NoStore(Results.Json(response, OidcJsonContext.Default.DeviceAuthorizationResponse));
    }

    /// <summary>RFC 8628 §3.3: the user enters the code and approves the login as an identity.</summary>
    private static async Task<IResult> ApproveDeviceAsync(HttpContext context, PendingLogins logins)
    {
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        var userCode = form.TryGetValue("user_code", out var u) && u.Count == 1 ? u[0]! : "";
        var email = form.TryGetValue("email", out var e) && e.Count == 1 ? e[0]! : throw HttpProblemException.BadRequest("give one email identity");
        DevelopmentIssuer.CheckEmail(email);
        return logins.ApproveDevice(userCode, email)
            ? LoginPages.Message("Device approved", $"The device is signed in as {email}; you can close this page.")
            : LoginPages.Message("Unknown code", "That code is unknown or has expired; start the login again.", StatusCodes.Status400BadRequest);
    }
}
