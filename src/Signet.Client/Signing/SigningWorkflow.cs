using Signet.Client.Identity;
using Signet.Client.Keys;
using Signet.Core.Keys;

namespace Signet.Client.Signing;

/// <summary>
/// A signing from start to end, as <c>signet sign</c>, <c>attest</c> and <c>image sign</c> do it: choose the services
/// from the signing config at the current time, settle the identity — a key file (password from a file, the
/// environment or the console) or an identity token (explicit, <c>SIGSTORE_ID_TOKEN</c>, GitHub Actions, then an
/// interactive login) — sign, verify the new bundle, and only then hand it out or write it.
/// </summary>
public sealed class SigningWorkflow
{
    /// <summary>The audience Sigstore's CAs expect in identity tokens.</summary>
    public const string Audience = "sigstore";

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ISignerConsole _console;

    /// <summary>A workflow reaching services and token endpoints through <paramref name="http"/>.</summary>
    /// <param name="http">The HTTP client every request goes through (not disposed here).</param>
    /// <param name="time">The clock: which services are valid now, token expiry, login deadlines.</param>
    /// <param name="console">The person running the signing (password, login).</param>
    public SigningWorkflow(HttpClient http, TimeProvider time, ISignerConsole console)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(console);
        _http = http;
        _time = time;
        _console = console;
    }

    /// <summary>Reads environment variables (token and password sources); the process's by default.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// Reaches the chosen services; by default over HTTP (<see cref="SigningClients.Connect"/>). Tests and embedders
    /// put other implementations behind the seams here.
    /// </summary>
    public Func<SigningServices, SigningClients>? Connect { get; init; }

    /// <summary>
    /// Opens a <see cref="SigningRequest.KeyPath"/> that names a key outside a file — a <c>pkcs11:</c> URI, opened by
    /// <c>Signet.Pkcs11</c> in the CLI — and returns null for a file name. Null: every key is a file.
    /// </summary>
    public Func<string, SigningKey?>? OpenKeyReference { get; init; }

    /// <summary>Opens the key <paramref name="path"/> names: through <see cref="OpenKeyReference"/>, else as an
    /// encrypted private key file, asking for its password in the usual order (<see cref="KeyPassword"/>).</summary>
    /// <param name="path">The key file or reference.</param>
    /// <param name="passwordFile">A file holding the password, or null.</param>
    public SigningKey OpenKey(string path, string? passwordFile) =>
        OpenKeyReference?.Invoke(path) ?? PrivateKeyFile.Open(path, () => KeyPassword.Read(passwordFile, Environment, _console));

    /// <summary>Chooses the services and settles the identity; the session then signs as often as needed.</summary>
    /// <param name="request">The signing's settings.</param>
    /// <param name="cancellationToken">Cancels the token acquisition.</param>
    /// <exception cref="Core.SignetFormatException">The signing config cannot be met, or the key file is unusable.</exception>
    /// <exception cref="IdentityTokenException">No identity token was found, or the login failed.</exception>
    public async Task<SigningSession> StartAsync(SigningRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        if (request.KeyPath is not null)
        {
            var key = OpenKey(request.KeyPath, request.PasswordFile);
            try
            {
                var select = request.SignsEnvelopes && key.Algorithm == SigningAlgorithm.PkixEd25519
                    ? (config, t) => SigningServices.SelectWithRekorV1Log(config, t, "an Ed25519 key signs a DSSE envelope with pure Ed25519, which a Rekor v2 entry (a digest) cannot carry")
                    : request.SelectServices ?? SigningServices.Select;
                return SigningSession.OwningKey(Signer(select(request.SigningConfig, now)), key, request.TrustedRoot);
            }
            catch
            {
                key.Dispose();
                throw;
            }
        }

        var services = (request.SelectServices ?? SigningServices.Select)(request.SigningConfig, now);
        if (services.Ca is null)
        {
            throw new Core.SignetFormatException(
                $"signing config: keyless signing needs a certificate authority, and {SigningServices.WhyNone(request.SigningConfig.CaUrls, [1], now, "certificate authority (caUrls)")}");
        }

        var signer = Signer(services);

        var jwt = await IdentityTokenSources.ResolveAsync(
            request.IdentityToken, Environment, _http, Audience, Login(request, now), cancellationToken).ConfigureAwait(false);
        return SigningSession.Keyless(signer, IdentityToken.Parse(jwt), request.TrustedRoot);
    }

    private BundleSigner Signer(SigningServices services) => new(Connect?.Invoke(services) ?? SigningClients.Connect(services, _http), _time);

    /// <summary>One signing written to a file: <see cref="StartAsync"/>, then <see cref="SigningSession.SignToFileAsync"/>.</summary>
    /// <param name="request">The signing's settings.</param>
    /// <param name="payload">What to sign.</param>
    /// <param name="bundlePath">Where the verified bundle goes.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    public async Task<SignedBundle> SignToFileAsync(SigningRequest request, SigningPayload payload, string bundlePath, CancellationToken cancellationToken)
    {
        using var session = await StartAsync(request, cancellationToken).ConfigureAwait(false);
        return await session.SignToFileAsync(payload, bundlePath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The interactive login, last of the token sources: at the request's OIDC issuer, else — when a person is there —
    /// at the signing config's OIDC URL valid now. Without either, no login is offered.
    /// </summary>
    private Func<CancellationToken, Task<string>>? Login(SigningRequest request, DateTimeOffset now)
    {
        var issuer = request.OidcIssuer
            ?? (_console.IsAttended ? request.SigningConfig.OidcUrls.FirstOrDefault(s => s.IsValidAt(now))?.Url : null);
        if (issuer is null)
        {
            return null;
        }

        var options = new InteractiveLoginOptions(issuer, request.OidcClientId) { DeviceFlow = request.OidcDeviceFlow, Time = _time };
        return ct => InteractiveLogin.LoginAsync(_http, options, _console, ct);
    }
}
