using System.Security.Cryptography;
using Signet.Client.Identity;
using Signet.Client.Services;
using Signet.Client.Signing;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Core.InToto;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Testing.Sigstore;

namespace Signet.Client.Tests.Signing;

/// <summary>
/// The bundle signer on its seams, with real services in memory (a CA issuing real certificates with an SCT, Signet's
/// RFC 3161 responder, a Rekor v2 log with a signed checkpoint): every bundle it makes is read back from JSON and
/// verified by Signet's verifier against the trusted root that names those services — no server, no mock answers.
/// </summary>
public sealed class InMemoryBundleSignerTests : IDisposable
{
    private const string Alice = "alice@example.com";
    private readonly InMemoryServices _services = new(TimeProvider.System);

    public void Dispose() => _services.Dispose();

    private static byte[] StatementAbout(byte[] artifact) => InTotoStatements.Create(
        [("a", SHA256.HashData(artifact))], "https://example.com/predicate", "{}"u8.ToArray());

    private static VerificationResult Verify(TrustedRoot root, SignedBundle signed, Artifact artifact, VerificationPolicy policy) =>
        new Verifier(TrustedMaterial.FromTrustedRoot(root)).Verify(Bundle.Parse(signed.Bundle.ToJson()), artifact, policy);

    [Fact]
    public async Task Keyless_message_signature_verifies_with_certificate_sct_log_entry_and_timestamp()
    {
        var signer = new BundleSigner(_services.Clients, TimeProvider.System);
        var token = IdentityToken.Parse(_services.Token(Alice));
        var payload = SigningPayload.ForArtifact("hello"u8.ToArray());

        var signed = await signer.SignKeylessAsync(payload, token, CancellationToken.None);

        var result = Verify(_services.TrustedRoot(), signed, Artifact.FromBytes(payload.Artifact!), VerificationPolicy.ForIdentity(Alice, InMemoryServices.Issuer));
        Assert.Equal(Alice, result.Certificate!.SubjectAlternativeName);
        Assert.Equal(InMemoryServices.Issuer, result.Certificate.Issuer);
        var entry = Assert.Single(result.LogEntries);
        Assert.Equal(("hashedrekord", "0.0.2"), (entry.Kind, entry.Version));
        Assert.True(entry.InclusionProofVerified);
        Assert.Equal(TimestampSource.TimestampAuthority, Assert.Single(result.Timestamps).Source);
        Assert.Equal(signed.Certificate, signed.Bundle.VerificationMaterial.Certificate);
        SelfVerification.Verify(signed, payload, _services.TrustedRoot(), token, null);
        Assert.Equal((1, 1, 1), (_services.Ca.Issued, _services.Logs[0].Size, _services.Tsas[0].Issued));
    }

    [Fact]
    public async Task Keyless_dsse_statement_verifies_and_logs_the_pae_digest()
    {
        var artifact = "the artifact"u8.ToArray();
        var signer = new BundleSigner(_services.Clients, TimeProvider.System);
        var token = IdentityToken.Parse(_services.Token(Alice));
        var payload = SigningPayload.ForDsse(InTotoStatement.PayloadType, StatementAbout(artifact));

        var signed = await signer.SignKeylessAsync(payload, token, CancellationToken.None);

        Assert.NotNull(signed.Bundle.DsseEnvelope);
        var result = Verify(_services.TrustedRoot(), signed, Artifact.FromBytes(artifact), VerificationPolicy.ForIdentity(Alice, InMemoryServices.Issuer));
        Assert.Equal("https://example.com/predicate", result.Statement!.PredicateType);
        Assert.Equal("hashedrekord", Assert.Single(result.LogEntries).Kind);
    }

    [Fact]
    public async Task With_a_key_the_bundle_names_the_key_and_verifies_under_a_key_policy()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var signer = new BundleSigner(_services.Clients, TimeProvider.System);
        var payload = SigningPayload.ForArtifact("by key"u8.ToArray());

        var signed = await signer.SignWithKeyAsync(payload, key, CancellationToken.None);

        Assert.Null(signed.Certificate);
        Assert.Equal(0, _services.Ca.Issued);
        var options = VerifierOptions.Default.WithoutSignedCertificateTimestampsUnsafe();
        var result = new Verifier(TrustedMaterial.FromTrustedRoot(_services.TrustedRoot()), options)
            .Verify(Bundle.Parse(signed.Bundle.ToJson()), Artifact.FromBytes(payload.Artifact!), VerificationPolicy.ForPublicKey(key.PublicKey));
        Assert.Null(result.Certificate);
        Assert.Single(result.LogEntries);
        SelfVerification.Verify(signed, payload, _services.TrustedRoot(), null, key.PublicKey);
    }

    [Fact]
    public async Task Every_log_and_every_timestamp_authority_is_used_and_required()
    {
        using var services = new InMemoryServices(TimeProvider.System, logs: 2, timestampAuthorities: 2);
        var signer = new BundleSigner(services.Clients, TimeProvider.System);
        var token = IdentityToken.Parse(services.Token(Alice));
        var payload = SigningPayload.ForArtifact("twice"u8.ToArray());

        var signed = await signer.SignKeylessAsync(payload, token, CancellationToken.None);

        Assert.Equal(2, signed.Bundle.VerificationMaterial.TlogEntries.Count);
        Assert.Equal(2, signed.Bundle.VerificationMaterial.Rfc3161Timestamps.Count);
        SelfVerification.Verify(signed, payload, services.TrustedRoot(), token, null);

        // Self-verification asks for every entry the signer recorded: a trusted root without the second log refuses.
        var e = Assert.Throws<VerificationException>(() => SelfVerification.Verify(signed, payload, services.TrustedRoot(logs: [services.Logs[0]]), token, null));
        Assert.Equal(VerificationErrorCode.TransparencyLogUnknown, e.Code);
    }

    [Fact]
    public async Task Timestamping_and_logging_run_at_the_same_time()
    {
        // Each side waits until the other has started: signing one after the other would time out here.
        var meeting = new Meeting();
        var clients = new SigningClients(
            _services.Ca, [new MeetingLog(_services.Logs[0], meeting)], [new MeetingTimestamper(_services.Tsas[0], meeting)]);
        var token = IdentityToken.Parse(_services.Token(Alice));
        var payload = SigningPayload.ForArtifact("together"u8.ToArray());

        var signed = await new BundleSigner(clients, TimeProvider.System).SignKeylessAsync(payload, token, CancellationToken.None);

        SelfVerification.Verify(signed, payload, _services.TrustedRoot(), token, null);
    }

    [Fact]
    public async Task A_log_the_trusted_root_does_not_know_fails_self_verification()
    {
        using var stranger = new InMemoryRekorV2Log("stranger.in-memory.test", DateTimeOffset.UtcNow.AddHours(-1));
        var clients = _services.Clients with { TransparencyLogs = [stranger] };
        var token = IdentityToken.Parse(_services.Token(Alice));
        var payload = SigningPayload.ForArtifact("unknown log"u8.ToArray());

        var signed = await new BundleSigner(clients, TimeProvider.System).SignKeylessAsync(payload, token, CancellationToken.None);

        var e = Assert.Throws<VerificationException>(() => SelfVerification.Verify(signed, payload, _services.TrustedRoot(), token, null));
        Assert.Equal(VerificationErrorCode.TransparencyLogUnknown, e.Code);
    }

    [Fact]
    public async Task A_timestamp_authority_the_trusted_root_does_not_know_fails_self_verification()
    {
        var token = IdentityToken.Parse(_services.Token(Alice));
        var payload = SigningPayload.ForArtifact("unknown tsa"u8.ToArray());
        var signed = await new BundleSigner(_services.Clients, TimeProvider.System).SignKeylessAsync(payload, token, CancellationToken.None);

        var e = Assert.Throws<VerificationException>(() => SelfVerification.Verify(signed, payload, _services.TrustedRoot(tsas: []), token, null));
        Assert.Equal(VerificationErrorCode.TimestampInvalid, e.Code);
    }

    [Fact]
    public async Task A_failing_timestamp_authority_fails_the_signing()
    {
        using var http = new HttpClient();
        var clients = _services.Clients with { Timestampers = [new TimestampClient(http, new Uri("http://127.0.0.1:1/api/v1/timestamp"))] };
        var token = IdentityToken.Parse(_services.Token(Alice));

        var e = await Assert.ThrowsAsync<SigstoreServiceException>(
            () => new BundleSigner(clients, TimeProvider.System).SignKeylessAsync(SigningPayload.ForArtifact([1]), token, CancellationToken.None));
        Assert.Contains("timestamp authority", e.Message);
    }

    [Fact]
    public async Task Keyless_needs_a_ca_and_a_log_or_tsa_and_a_live_token()
    {
        var token = IdentityToken.Parse(_services.Token(Alice));
        var payload = SigningPayload.ForArtifact([1]);

        var noCa = new BundleSigner(_services.Clients with { CertificateProvider = null }, TimeProvider.System);
        Assert.Contains("certificate authority", (await Assert.ThrowsAsync<SignetFormatException>(() => noCa.SignKeylessAsync(payload, token, CancellationToken.None))).Message);

        var nothingToProveTime = new BundleSigner(new SigningClients(_services.Ca, [], []), TimeProvider.System);
        await Assert.ThrowsAsync<SignetFormatException>(() => nothingToProveTime.SignKeylessAsync(payload, token, CancellationToken.None));

        var expired = IdentityToken.Parse(_services.Token(Alice, TimeSpan.FromMinutes(-1)));
        await Assert.ThrowsAsync<IdentityTokenException>(() => new BundleSigner(_services.Clients, TimeProvider.System).SignKeylessAsync(payload, expired, CancellationToken.None));
        Assert.Equal(0, _services.Ca.Issued);
    }

    /// <summary>Where the log and the TSA wait for each other (at most 10 s each).</summary>
    private sealed class Meeting
    {
        private readonly TaskCompletionSource _log = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _tsa = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task LogArrivesAsync(CancellationToken ct) => ArriveAsync(_log, _tsa, ct);

        public Task TsaArrivesAsync(CancellationToken ct) => ArriveAsync(_tsa, _log, ct);

        private static Task ArriveAsync(TaskCompletionSource mine, TaskCompletionSource theirs, CancellationToken ct)
        {
            mine.TrySetResult();
            return theirs.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        }
    }

    private sealed class MeetingLog(ITransparencyLogClient log, Meeting meeting) : ITransparencyLogClient
    {
        public async Task<TransparencyLogEntry> RecordAsync(LogEntryContent content, CancellationToken cancellationToken)
        {
            await meeting.LogArrivesAsync(cancellationToken);
            return await log.RecordAsync(content, cancellationToken);
        }
    }

    private sealed class MeetingTimestamper(ITimestamper tsa, Meeting meeting) : ITimestamper
    {
        public async Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
        {
            await meeting.TsaArrivesAsync(cancellationToken);
            return await tsa.TimestampAsync(signature, cancellationToken);
        }
    }
}
