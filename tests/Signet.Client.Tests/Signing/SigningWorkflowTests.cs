using Signet.Client.Identity;
using Signet.Client.Keys;
using Signet.Client.Services;
using Signet.Client.Signing;
using Signet.Client.Tests.Signing.InMemory;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Client.Tests.Signing;

/// <summary>
/// The signing workflow end to end on in-memory services: which identity it settles on (explicit token, environment,
/// login, key file and its password), that the clock is the workflow's, and that only a verified bundle is written.
/// </summary>
public sealed class SigningWorkflowTests : IDisposable
{
    private const string Alice = "alice@example.com";
    private const string Bob = "bob@example.com";
    private readonly InMemoryServices _services = new(TimeProvider.System);
    private readonly HttpClient _http = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-workflow-").FullName;

    public void Dispose()
    {
        _services.Dispose();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private SigningWorkflow Workflow(ISignerConsole console, IReadOnlyDictionary<string, string>? environment = null, TimeProvider? time = null) =>
        new(_http, time ?? TimeProvider.System, console)
        {
            Environment = name => environment?.GetValueOrDefault(name),
            Connect = _services.Connect,
        };

    private SigningRequest Request() => new(_services.SigningConfig, _services.TrustedRoot());

    private string BundlePath => Path.Combine(_dir, "artifact.sigstore.json");

    private VerificationResult VerifyWritten(SigningPayload payload, VerificationPolicy policy, VerifierOptions? options = null) =>
        new Verifier(TrustedMaterial.FromTrustedRoot(_services.TrustedRoot()), options ?? VerifierOptions.Default)
            .Verify(Bundle.Parse(File.ReadAllBytes(BundlePath)), Artifact.FromBytes(payload.Artifact!), policy);

    [Fact]
    public async Task An_explicit_token_signs_keylessly_and_the_verified_bundle_is_written()
    {
        var payload = SigningPayload.ForArtifact("artifact"u8.ToArray());

        var signed = await Workflow(new ScriptedConsole(attended: false))
            .SignToFileAsync(Request() with { IdentityToken = _services.Token(Alice) }, payload, BundlePath, CancellationToken.None);

        Assert.NotNull(signed.Certificate);
        Assert.Equal(Alice, VerifyWritten(payload, VerificationPolicy.ForIdentity(Alice, InMemoryServices.Issuer)).Certificate!.SubjectAlternativeName);
    }

    [Fact]
    public async Task The_explicit_token_comes_before_the_environment_and_the_environment_before_a_login()
    {
        var payload = SigningPayload.ForArtifact("artifact"u8.ToArray());
        var environment = new Dictionary<string, string> { [IdentityTokenSources.EnvironmentVariable] = _services.Token(Bob) };
        var workflow = Workflow(new ScriptedConsole(attended: true), environment);

        using (var explicitToken = await workflow.StartAsync(Request() with { IdentityToken = _services.Token(Alice) }, CancellationToken.None))
        {
            Assert.Equal(Alice, explicitToken.Token!.Email);
        }

        using var fromEnvironment = await workflow.StartAsync(Request(), CancellationToken.None);
        Assert.Equal(Bob, fromEnvironment.Token!.Email);
        await fromEnvironment.SignToFileAsync(payload, BundlePath, CancellationToken.None);
        VerifyWritten(payload, VerificationPolicy.ForIdentity(Bob, InMemoryServices.Issuer));
    }

    [Fact]
    public async Task Without_a_token_or_a_person_no_login_is_offered()
    {
        var e = await Assert.ThrowsAsync<IdentityTokenException>(
            () => Workflow(new ScriptedConsole(attended: false)).StartAsync(Request(), CancellationToken.None));
        Assert.Contains("no identity token", e.Message);
    }

    [Fact]
    public async Task With_a_person_there_the_login_goes_to_the_signing_configs_oidc_url()
    {
        // The OIDC URL valid now is a closed port: reaching for it proves the login was started there.
        var config = _services.SigningConfig with { OidcUrls = [new Service("http://127.0.0.1:1", 1, null, null)] };

        var e = await Assert.ThrowsAsync<SigstoreServiceException>(
            () => Workflow(new ScriptedConsole(attended: true)).StartAsync(Request() with { SigningConfig = config }, CancellationToken.None));
        Assert.Contains("OIDC issuer", e.Message);
    }

    [Fact]
    public async Task A_key_file_is_opened_with_the_password_from_the_environment_before_the_console()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var files = KeyPairFiles.At(Path.Combine(_dir, "signer"));
        files.Write(key, "correct horse");
        var payload = SigningPayload.ForArtifact("by key"u8.ToArray());
        var console = new ScriptedConsole(attended: false, "wrong typed password");
        var environment = new Dictionary<string, string> { [KeyPassword.Variable] = "correct horse" };

        var signed = await Workflow(console, environment)
            .SignToFileAsync(Request() with { KeyPath = files.KeyPath }, payload, BundlePath, CancellationToken.None);

        Assert.Null(signed.Certificate);
        Assert.Equal(0, console.Reads);
        var publicKey = VerificationKey.FromPem(File.ReadAllText(files.PublicKeyPath));
        VerifyWritten(payload, VerificationPolicy.ForPublicKey(publicKey), VerifierOptions.Default.WithoutSignedCertificateTimestampsUnsafe());
    }

    [Fact]
    public async Task A_wrong_password_from_the_console_is_refused_and_nothing_is_written()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var files = KeyPairFiles.At(Path.Combine(_dir, "signer"));
        files.Write(key, "correct horse");
        var console = new ScriptedConsole(attended: false, "battery staple");

        await Assert.ThrowsAsync<KeyPasswordException>(() => Workflow(console).SignToFileAsync(
            Request() with { KeyPath = files.KeyPath }, SigningPayload.ForArtifact([1]), BundlePath, CancellationToken.None));
        Assert.Equal(1, console.Reads);
        Assert.False(File.Exists(BundlePath));
    }

    [Fact]
    public async Task A_bundle_that_does_not_verify_is_never_written()
    {
        var request = Request() with { IdentityToken = _services.Token(Alice), TrustedRoot = _services.TrustedRoot(logs: []) };

        var e = await Assert.ThrowsAsync<VerificationException>(() => Workflow(new ScriptedConsole(attended: false))
            .SignToFileAsync(request, SigningPayload.ForArtifact([1]), BundlePath, CancellationToken.None));

        Assert.Equal(VerificationErrorCode.TransparencyLogUnknown, e.Code);
        Assert.False(File.Exists(BundlePath));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Services_are_chosen_at_the_workflows_clock()
    {
        // A day before the services' validity windows open: no CA is valid then, whatever the system clock says.
        var yesterday = new FixedTime(_services.Ca.ValidFrom.AddDays(-1));

        var e = await Assert.ThrowsAsync<SignetFormatException>(() => Workflow(new ScriptedConsole(attended: false), time: yesterday)
            .SignToFileAsync(Request() with { IdentityToken = _services.Token(Alice) }, SigningPayload.ForArtifact([1]), BundlePath, CancellationToken.None));

        Assert.Contains("is valid yet", e.Message);
        Assert.Contains("(is it behind?)", e.Message);
        Assert.Equal(0, _services.Ca.Issued);
    }

    [Fact]
    public async Task A_clock_behind_the_logs_window_signs_nothing_rather_than_a_bundle_without_its_log_entry()
    {
        // The CA and TSA are valid, the log only from two minutes on (a server started moments ago, a client clock
        // running behind it): before, the bundle was written with a timestamp and no log entry, and exit 0.
        var now = _services.Ca.ValidFrom.AddHours(1);
        var config = _services.SigningConfig;
        config = config with { RekorTlogUrls = [config.RekorTlogUrls[0] with { ValidFor = new TimeRange(now.AddMinutes(2), null) }] };

        var e = await Assert.ThrowsAsync<SignetFormatException>(() => Workflow(new ScriptedConsole(attended: false), time: new FixedTime(now))
            .SignToFileAsync(new SigningRequest(config, _services.TrustedRoot()) { IdentityToken = _services.Token(Alice) }, SigningPayload.ForArtifact([1]), BundlePath, CancellationToken.None));

        Assert.StartsWith("signing config: no transparency log (rekorTlogUrls) is valid yet", e.Message);
        Assert.Equal(0, _services.Ca.Issued);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public async Task Keyless_signing_without_a_valid_ca_names_the_cas_window_and_the_clock()
    {
        var now = _services.Ca.ValidFrom.AddHours(1);
        var config = _services.SigningConfig;
        config = config with { CaUrls = [config.CaUrls[0] with { ValidFor = new TimeRange(now.AddMinutes(-20), now.AddMinutes(-10)) }] };

        var e = await Assert.ThrowsAsync<SignetFormatException>(() => Workflow(new ScriptedConsole(attended: false), time: new FixedTime(now))
            .SignToFileAsync(new SigningRequest(config, _services.TrustedRoot()) { IdentityToken = _services.Token(Alice) }, SigningPayload.ForArtifact([1]), BundlePath, CancellationToken.None));

        Assert.StartsWith("signing config: keyless signing needs a certificate authority, and every certificate authority (caUrls) has ended, the last at ", e.Message);
        Assert.Equal(0, _services.Ca.Issued);
    }

    [Fact]
    public async Task A_request_may_choose_its_own_services()
    {
        using var services = new InMemoryServices(TimeProvider.System, logs: 2);
        var workflow = new SigningWorkflow(_http, TimeProvider.System, new ScriptedConsole(attended: false)) { Connect = services.Connect };
        var request = new SigningRequest(services.SigningConfig, services.TrustedRoot())
        {
            IdentityToken = services.Token(Alice),
            SelectServices = (config, now) =>
            {
                var all = SigningServices.Select(config, now);
                return all with { Logs = [all.Logs[1]] };
            },
        };

        var signed = await workflow.SignToFileAsync(request, SigningPayload.ForArtifact([1]), BundlePath, CancellationToken.None);

        Assert.Single(signed.Bundle.VerificationMaterial.TlogEntries);
        Assert.Equal((0, 1), (services.Logs[0].Size, services.Logs[1].Size));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
