using Signet.Client.Identity;
using Signet.Client.Signing;
using Signet.Core.Bundle;
using Signet.Core.Keys;

namespace Signet.Cli.Commands.Signing;

/// <summary>
/// One signing from the command line: resolve the services and the identity (token or key), sign, verify the new
/// bundle with Signet's verifier, and only then write it. Shared by sign, attest and sign-bundle.
/// </summary>
internal sealed record SigningRequest(
    string? IdentityToken,
    string? KeyPath,
    string? SigningConfigPath,
    string? TrustedRootPath,
    string BundlePath)
{
    /// <summary>Issuer of the interactive login; null = the signing config's OIDC URL.</summary>
    public string? OidcIssuer { get; init; }

    public string OidcClientId { get; init; } = InteractiveLoginOptions.SigstoreClientId;

    public bool OidcDeviceFlow { get; init; }

    /// <summary>File holding the <c>--key</c> password (else SIGNET_PASSWORD, COSIGN_PASSWORD, standard input).</summary>
    public string? PasswordFile { get; init; }
}

internal static class SigningSession
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<SignedBundle> SignAsync(
        SigningRequest request, SigningPayload payload, TextReader input, CancellationToken cancellationToken)
    {
        var (config, trustedRoot) = await SigningCli.LoadTrustAsync(
            request.SigningConfigPath, request.TrustedRootPath, Console.Error, cancellationToken).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var services = SigningServices.Select(config, now);
        using var http = new HttpClient { Timeout = Timeout };
        var signer = new BundleSigner(http, services, TimeProvider.System);

        SignedBundle signed;
        IdentityToken? token = null;
        VerificationKey? publicKey = null;
        if (request.KeyPath is not null)
        {
            using var key = PrivateKeyFile.Open(request.KeyPath, () => SigningCli.ReadPassword(request.PasswordFile, Environment.GetEnvironmentVariable, input));
            publicKey = key.PublicKey;
            signed = await signer.SignWithKeyAsync(payload, key, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var jwt = await IdentityTokenSources.ResolveAsync(
                request.IdentityToken, Environment.GetEnvironmentVariable, http, "sigstore", Login(request.OidcIssuer, request.OidcClientId, request.OidcDeviceFlow, config, http, now), cancellationToken).ConfigureAwait(false);
            token = Client.Identity.IdentityToken.Parse(jwt);
            signed = await signer.SignKeylessAsync(payload, token, cancellationToken).ConfigureAwait(false);
        }

        // Verified before written: a bundle that fails here never reaches the disk.
        SelfVerification.Verify(signed, payload, trustedRoot, token, publicKey);
        SigningCli.WriteAtomically(request.BundlePath, signed.Bundle.ToJson());
        return signed;
    }

    /// <summary>The interactive login, last of the token sources: at <c>--oidc-issuer</c>, else — when a person can
    /// see standard error — at the signing config's OIDC URL valid now. A script without a terminal and without
    /// <c>--oidc-issuer</c> gets the one-line "no identity token" failure instead of a login nobody will answer.</summary>
    internal static Func<CancellationToken, Task<string>>? Login(
        string? oidcIssuer, string clientId, bool deviceFlow, SigningConfig config, HttpClient http, DateTimeOffset now)
    {
        var issuer = oidcIssuer
            ?? (Console.IsErrorRedirected ? null : config.OidcUrls.FirstOrDefault(s => s.IsValidAt(now))?.Url);
        if (issuer is null)
        {
            return null;
        }

        var options = new InteractiveLoginOptions(issuer, clientId) { DeviceFlow = deviceFlow };
        return ct => InteractiveLogin.LoginAsync(http, options, new ConsoleLoginPrompt(Console.Error), ct);
    }
}
