using System.Text.Json;
using Signet.Client.Services;
using Signet.Core;

namespace Signet.Client.Identity;

/// <summary>
/// Identity tokens from the development OIDC issuer of <c>signet serve --dev-oidc</c> (<c>POST BASE/oidc/token</c> with
/// the identity as a form field). For development and tests only: that issuer signs whatever identity it is asked for.
/// </summary>
public static class DevelopmentTokens
{
    private const string Service = "the development OIDC issuer";

    /// <summary>A token for an e-mail identity (<c>email_verified</c>, <c>sub</c> = the address).</summary>
    public static Task<string> ForEmailAsync(HttpClient http, Uri server, string email, string audience = "sigstore", CancellationToken cancellationToken = default) =>
        RequestAsync(http, server, "email", email, audience, cancellationToken);

    /// <summary>A GitHub-Actions-shaped token for <c>OWNER/REPO/.github/workflows/FILE.yml@REF</c>.</summary>
    public static Task<string> ForGitHubWorkflowAsync(HttpClient http, Uri server, string workflow, string audience = "sigstore", CancellationToken cancellationToken = default) =>
        RequestAsync(http, server, "github_workflow", workflow, audience, cancellationToken);

    private static async Task<string> RequestAsync(HttpClient http, Uri server, string field, string value, string audience, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { [field] = value, ["audience"] = audience };
        byte[] body;
        using (var content = new FormUrlEncodedContent(form))
        {
            body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        var answer = await ServiceHttp.SendAsync(http, HttpMethod.Post, ServiceHttp.Join(server, "/oidc/token"), body,
            "application/x-www-form-urlencoded", ServiceHttp.Json, Service, cancellationToken).ConfigureAwait(false);
        try
        {
            using var doc = ClientJson.ParseSecret(answer, $"{Service}'s answer");
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id_token", out var t)
                && t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 } token
                ? token
                : throw new SigstoreServiceException($"{Service}'s answer has no id_token");
        }
        catch (SignetFormatException e)
        {
            // The answer may hold a token: ParseSecret's messages never quote it.
            throw new SigstoreServiceException($"{Service} answered with something that is not strict JSON ({e.Message})", e);
        }
    }
}
