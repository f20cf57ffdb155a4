using System.CommandLine;
using Signet.Client.Identity;
using Signet.Client.Services;

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
        command.SetRunner(async (parse, ct) =>
        {
            var e = parse.GetValue(email);
            var w = parse.GetValue(workflow);
            if ((e is null) == (w is null))
            {
                throw new UsageException("give exactly one of --email or --github-workflow");
            }

            if (!Uri.TryCreate(parse.GetValue(server), UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != "http" && baseUrl.Scheme != "https"))
            {
                throw new UsageException("--server must be an http(s) URL");
            }

            using var http = ServiceHttpClient.Create(ServiceHttpClient.ReadTimeout);
            var token = e is not null
                ? await DevelopmentTokens.ForEmailAsync(http, baseUrl, e, parse.GetValue(audience)!, ct).ConfigureAwait(false)
                : await DevelopmentTokens.ForGitHubWorkflowAsync(http, baseUrl, w!, parse.GetValue(audience)!, ct).ConfigureAwait(false);
            await parse.InvocationConfiguration.Output.WriteLineAsync(token).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
