using System.Net;

namespace Signet.Server.Oidc;

/// <summary>
/// The development issuer's login pages: instead of checking a password, they ask which email identity the person
/// wants (anyone gets any identity — the point of a development issuer). Every value is HTML-encoded.
/// </summary>
internal static class LoginPages
{
    /// <summary>The authorization page (RFC 6749 §4.1.1): the request's parameters carried as hidden fields.</summary>
    public static IResult Authorize(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var hidden = string.Concat(parameters.Where(p => p.Key != "email")
            .Select(p => $"<input type=\"hidden\" name=\"{Enc(p.Key)}\" value=\"{Enc(p.Value)}\">"));
        return Page("Sign in to the Signet development issuer", $"""
            <form method="post" action="auth">{hidden}
            <label>Email identity <input name="email" type="email" required autofocus></label>
            <button type="submit">Sign in</button> <button type="submit" name="deny" value="1" formnovalidate>Deny</button>
            </form>
            """);
    }

    /// <summary>The device verification page (RFC 8628 §3.3): the user code (pre-filled from
    /// <c>verification_uri_complete</c>, §3.3.1) and the identity.</summary>
    public static IResult Device(string? userCode) => Page("Approve a device login", $"""
        <form method="post" action="device">
        <label>Code <input name="user_code" value="{Enc(userCode ?? "")}" required></label>
        <label>Email identity <input name="email" type="email" required></label>
        <button type="submit">Approve</button>
        </form>
        """);

    public static IResult Message(string title, string text, int status = StatusCodes.Status200OK) =>
        Page(title, $"<p>{Enc(text)}</p>", status);

    private static IResult Page(string title, string body, int status = StatusCodes.Status200OK) => Results.Content(
        $"""
        <!doctype html><html><head><meta charset="utf-8"><title>{Enc(title)}</title></head>
        <body><h1>{Enc(title)}</h1><p><strong>Development only:</strong> this issuer gives any identity to anyone.</p>
        {body}</body></html>
        """,
        "text/html; charset=utf-8",
        statusCode: status);

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
