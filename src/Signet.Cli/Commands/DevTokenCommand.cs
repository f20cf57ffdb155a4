using System.CommandLine;
using System.Text.Json;

namespace Signet.Cli.Commands;

/// <summary>
/// <c>signet dev-token --server URL [--email E | --github-workflow OWNER/REPO/.github/workflows/F.yml@REF]</c>: asks a
/// server running <c>--dev-oidc</c> for an identity token and prints it. For development and tests only.
/// </summary>
internal static class DevTokenCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "Base URL of a 'signet serve --dev-oidc' server", Required = true };
        var email = new Option<string?>("--email") { Description = "Mint an email identity token (email_verified, sub = email)" };
        var workflow = new Option<string?>("--github-workflow") { Description = "Mint a GitHub-Actions-shaped token for OWNER/REPO/.github/workflows/F.yml@REF" };
        var audience = new Option<string>("--audience") { Description = "Token audience", DefaultValueFactory = _ => "sigstore" };
        var command = new Command("dev-token", "Print an identity token from a development OIDC issuer (signet serve --dev-oidc); never for production")
        {
            server, email, workflow, audience,
        };
        command.SetAction(async (parse, ct) =>
        {
            var e = parse.GetValue(email);
            var w = parse.GetValue(workflow);
            if ((e is null) == (w is null))
            {
                await Console.Error.WriteLineAsync("signet dev-token: give exactly one of --email or --github-workflow").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (!Uri.TryCreate(parse.GetValue(server), UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != "http" && baseUrl.Scheme != "https"))
            {
                await Console.Error.WriteLineAsync("signet dev-token: --server must be an http(s) URL").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var form = new Dictionary<string, string> { ["audience"] = parse.GetValue(audience)! };
            form[e is not null ? "email" : "github_workflow"] = e ?? w!;
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                using var content = new FormUrlEncodedContent(form);
                using var response = await http.PostAsync(new Uri(baseUrl, "oidc/token"), content, ct).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    await Console.Error.WriteLineAsync($"signet dev-token: the server answered {(int)response.StatusCode}: {OneLine(body)}").ConfigureAwait(false);
                    return ExitCodes.ServiceError;
                }

                using var doc = JsonDocument.Parse(body);
                var token = doc.RootElement.TryGetProperty("id_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (string.IsNullOrEmpty(token))
                {
                    await Console.Error.WriteLineAsync("signet dev-token: the server's answer has no id_token").ConfigureAwait(false);
                    return ExitCodes.ServiceError;
                }

                await Console.Out.WriteLineAsync(token).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                await Console.Error.WriteLineAsync($"signet dev-token: {OneLine(ex.Message)}").ConfigureAwait(false);
                return ExitCodes.ServiceError;
            }
        });
        return command;
    }

    private static string OneLine(string s)
    {
        var line = s.ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
