using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Signet.Client.Signing;
using Signet.Core.Bundles;
using Signet.Core.Keys;
using Signet.Core.Verification;
using Signet.Tsa;
using CertificateAuthority = Signet.Core.Bundles.CertificateAuthority;

namespace Signet.Client.Tests.Verification;

/// <summary>
/// Verification never touches the network (issue 14): a timestamp authority certificate naming an AIA issuer URL,
/// a CRL distribution point and an OCSP responder on a local listener, with its intermediate left out of the trusted
/// root so that a chain builder allowed to download would fetch it: verification fails closed and no connection arrives.
/// </summary>
public sealed class OfflineVerificationTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private int _connections;

    public OfflineVerificationTests()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _key.Dispose();
    }

    private string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}";

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                Interlocked.Increment(ref _connections);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The listener was stopped.
        }
    }

    [Fact]
    public async Task A_timestamp_chain_with_a_missing_intermediate_fails_without_fetching_its_aia_url()
    {
        using var tsa = new AiaTimestampAuthority(Url("intermediate.cer"), Url("crl"), Url("ocsp"));
        var signed = await SignAsync(tsa);

        var listed = Verifier(tsa, includeIntermediate: false);
        var e = Assert.Throws<VerificationException>(() => listed.Verify(Bundle.Parse(signed.Bundle.ToJson()), Artifact.FromBytes(Data), KeyPolicy));
        Assert.Equal(VerificationErrorCode.TimestampInvalid, e.Code);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(0, Volatile.Read(ref _connections));
    }

    [Fact]
    public async Task The_same_chain_verifies_offline_when_the_trusted_root_lists_the_intermediate()
    {
        using var tsa = new AiaTimestampAuthority(Url("intermediate.cer"), Url("crl"), Url("ocsp"));
        var signed = await SignAsync(tsa);

        var result = Verifier(tsa, includeIntermediate: true).Verify(Bundle.Parse(signed.Bundle.ToJson()), Artifact.FromBytes(Data), KeyPolicy);

        Assert.Equal(TimestampSource.TimestampAuthority, Assert.Single(result.Timestamps).Source);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, Volatile.Read(ref _connections));
    }

    private static readonly byte[] Data = "offline"u8.ToArray();

    private readonly SigningKey _key = SigningKey.GenerateEcdsaP256();

    private VerificationPolicy KeyPolicy => VerificationPolicy.ForPublicKey(_key.PublicKey);

    private Task<SignedBundle> SignAsync(AiaTimestampAuthority tsa)
    {
        var signer = new BundleSigner(new SigningClients(null, [], [tsa]), TimeProvider.System);
        return signer.SignWithKeyAsync(SigningPayload.ForArtifact(Data), _key, CancellationToken.None);
    }

    private static Verifier Verifier(AiaTimestampAuthority tsa, bool includeIntermediate)
    {
        byte[][] chain = includeIntermediate ? [tsa.Leaf.RawData, tsa.Intermediate.RawData, tsa.Root.RawData] : [tsa.Leaf.RawData, tsa.Root.RawData];
        var root = new TrustedRoot(MediaTypes.TrustedRootV01, [], [], [],
            [new CertificateAuthority(new DistinguishedName("Signet tests", "AIA TSA"), "https://tsa.aia.test", chain, new TimeRange(tsa.ValidFrom, null), null)]);
        return new Verifier(TrustedMaterial.FromTrustedRoot(root), VerifierOptions.Default.WithoutTransparencyLogUnsafe());
    }

    /// <summary>A TSA whose leaf is issued by an intermediate under a root, the leaf naming AIA, CRL and OCSP URLs.</summary>
    private sealed class AiaTimestampAuthority : ITimestamper, IDisposable
    {
        private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly ECDsa _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly TsaCredentials _credentials;
        private readonly TimestampAuthority _authority;

        public AiaTimestampAuthority(string aia, string crl, string ocsp)
        {
            ValidFrom = DateTimeOffset.UtcNow.AddHours(-1);
            var until = ValidFrom.AddDays(1);
            Root = Ca("CN=AIA test root", _rootKey, null, null, ValidFrom, until);
            Intermediate = Ca("CN=AIA test intermediate", _intermediateKey, Root, _rootKey, ValidFrom, until);

            using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=AIA test TSA", leafKey, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], true));
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([ocsp], [aia]));
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crl]));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
            using var leaf = request.Create(Intermediate.SubjectName, X509SignatureGenerator.CreateForECDsa(_intermediateKey), ValidFrom, until, [1, 2, 3]);
            Leaf = X509CertificateLoader.LoadCertificate(leaf.RawData);
            _credentials = TsaCredentials.Load(Leaf.ExportCertificatePem() + "\n" + Intermediate.ExportCertificatePem(), leafKey.ExportPkcs8PrivateKeyPem());
            _authority = new TimestampAuthority(_credentials, TimeProvider.System);
        }

        public DateTimeOffset ValidFrom { get; }

        public X509Certificate2 Root { get; }

        public X509Certificate2 Intermediate { get; }

        public X509Certificate2 Leaf { get; }

        public Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
        {
            var request = Rfc3161TimestampRequest.CreateFromData(signature.Span, HashAlgorithmName.SHA256, requestSignerCertificates: true);
            return Task.FromResult(_authority.Respond(TimestampQuery.Decode(request.Encode())));
        }

        public void Dispose()
        {
            _credentials.Dispose();
            _rootKey.Dispose();
            _intermediateKey.Dispose();
            Root.Dispose();
            Intermediate.Dispose();
            Leaf.Dispose();
        }

        private static X509Certificate2 Ca(string name, ECDsa key, X509Certificate2? issuer, ECDsa? issuerKey, DateTimeOffset from, DateTimeOffset until)
        {
            var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            if (issuer is null)
            {
                return request.CreateSelfSigned(from, until);
            }

            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
            using var cert = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey!), from, until, [4, 5, 6]);
            return X509CertificateLoader.LoadCertificate(cert.RawData);
        }
    }
}
