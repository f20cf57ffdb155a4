using System.Formats.Asn1;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Signet.Core.Ct;
using Signet.Core.Merkle;
using Signet.Log.Ct;

namespace Signet.Ca.Tests.Server;

public sealed class SigningCertTests : IAsyncLifetime
{
    private CaServer _server = null!;

    public async Task InitializeAsync() => _server = await CaServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static byte[] Sign(ECDsa key, string challenge) =>
        key.SignData(Encoding.UTF8.GetBytes(challenge), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    [Fact]
    public async Task Email_identity_gets_a_fulcio_shaped_certificate_that_openssl_reads()
    {
        var token = await _server.EmailTokenAsync("alice@example.com");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var response = await _server.RequestWithKeyAsync(token, key.ExportSubjectPublicKeyInfo(), Sign(key, "alice@example.com"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var chain = await CaServer.ChainOfAsync(response);
        Assert.Equal(3, chain.Length);

        var text = Openssl.X509Text(chain[0]);
        Assert.Contains("Subject: \n", text.Replace("Subject:\n", "Subject: \n"));
        Assert.Matches(@"X509v3 Subject Alternative Name: critical\s+email:alice@example.com", text);
        Assert.Matches(@"X509v3 Key Usage: critical\s+Digital Signature\s", text);
        Assert.Matches(@"X509v3 Extended Key Usage: \s+Code Signing\s", text);
        Assert.Contains("X509v3 Subject Key Identifier", text);
        Assert.Contains("X509v3 Authority Key Identifier", text);
        Assert.Contains("1.3.6.1.4.1.57264.1.8:", text);
        Assert.Contains("CT Precertificate SCTs:", text);
        Assert.DoesNotContain("CT Precertificate Poison", text);

        using var leaf = X509Certificate2.CreateFromPem(chain[0]);
        using var intermediate = X509Certificate2.CreateFromPem(chain[1]);
        using var root = X509Certificate2.CreateFromPem(chain[2]);
        Assert.Equal(string.Empty, leaf.Subject);
        Assert.Equal(intermediate.SubjectName.RawData, leaf.IssuerName.RawData);
        Assert.Equal(TimeSpan.FromMinutes(10), leaf.NotAfter - leaf.NotBefore);
        Assert.Equal(20, leaf.SerialNumberBytes.Length);
        Assert.True(new BigInteger(leaf.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true) > 0);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
        var ski = Assert.IsType<X509SubjectKeyIdentifierExtension>(intermediate.Extensions["2.5.29.14"]);
        var aki = Assert.IsType<X509AuthorityKeyIdentifierExtension>(leaf.Extensions["2.5.29.35"]);
        Assert.Equal(ski.SubjectKeyIdentifierBytes.ToArray(), aki.KeyIdentifier!.Value.ToArray());
        Assert.True(leaf.Extensions["2.5.29.17"]!.Critical);
        Assert.Equal(EncodeUtf8(_server.EmailIssuer), leaf.Extensions["1.3.6.1.4.1.57264.1.8"]!.RawData);

        // The chain builds to the root the CA publishes.
        using var x509 = new X509Chain();
        x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509.ChainPolicy.CustomTrustStore.Add(root);
        x509.ChainPolicy.ExtraStore.Add(intermediate);
        x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x509.ChainPolicy.VerificationTime = leaf.NotBefore.AddMinutes(1);
        x509.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.3"));
        Assert.True(x509.Build(leaf), string.Join("; ", x509.ChainStatus.Select(s => s.StatusInformation)));

        await AssertSctVerifiesAndIsLoggedAsync(leaf, intermediate);
    }

    [Fact]
    public async Task Github_workflow_identity_carries_the_workflow_extensions()
    {
        var token = await _server.WorkflowTokenAsync("octo/app/.github/workflows/release.yml@refs/heads/main");
        var sub = ClaimOf(token, "sub");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var response = await _server.RequestWithKeyAsync(token, key.ExportSubjectPublicKeyInfo(), Sign(key, sub));
        var chain = await CaServer.ChainOfAsync(response);
        var text = Openssl.X509Text(chain[0]);
        Assert.Matches(@"X509v3 Subject Alternative Name: critical\s+URI:https://github.com/octo/app/.github/workflows/release.yml@refs/heads/main", text);
        using var leaf = X509Certificate2.CreateFromPem(chain[0]);
        Assert.Equal(EncodeUtf8(_server.BaseUrl + "/oidc/github-actions"), leaf.Extensions["1.3.6.1.4.1.57264.1.8"]!.RawData);
        Assert.Equal(EncodeUtf8("https://github.com/octo/app"), leaf.Extensions["1.3.6.1.4.1.57264.1.12"]!.RawData);
        Assert.Equal(EncodeUtf8("refs/heads/main"), leaf.Extensions["1.3.6.1.4.1.57264.1.14"]!.RawData);
        Assert.Equal(EncodeUtf8("github-hosted"), leaf.Extensions["1.3.6.1.4.1.57264.1.11"]!.RawData);
        Assert.Equal(Encoding.UTF8.GetBytes("push"), leaf.Extensions["1.3.6.1.4.1.57264.1.2"]!.RawData);
        using var intermediate = X509Certificate2.CreateFromPem(chain[1]);
        await AssertSctVerifiesAndIsLoggedAsync(leaf, intermediate);
    }

    [Fact]
    public async Task Csr_and_other_key_types_are_certified()
    {
        var token = await _server.EmailTokenAsync("bob@example.com");
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        var csr = new CertificateRequest("CN=ignored", ec, HashAlgorithmName.SHA512).CreateSigningRequestPem();
        using (var r = await _server.RequestWithCsrAsync(token, csr))
        {
            using var leaf = X509Certificate2.CreateFromPem((await CaServer.ChainOfAsync(r))[0]);
            Assert.Equal(ec.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());
            Assert.Equal(string.Empty, leaf.Subject); // the CSR's subject is not copied
        }

        using var rsa = RSA.Create(3072);
        var rsaProof = rsa.SignData(Encoding.UTF8.GetBytes("bob@example.com"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using (var r = await _server.RequestWithKeyAsync(token, rsa.ExportSubjectPublicKeyInfo(), rsaProof))
        {
            Assert.Contains("Public-Key: (3072 bit)", Openssl.X509Text((await CaServer.ChainOfAsync(r))[0]));
        }

        using var ed = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);
        var edProof = NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(ed, Encoding.UTF8.GetBytes("bob@example.com"));
        using (var r = await _server.RequestWithKeyAsync(token, ed.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.PkixPublicKey), edProof))
        {
            Assert.Contains("ED25519", Openssl.X509Text((await CaServer.ChainOfAsync(r))[0]));
        }
    }

    [Fact]
    public async Task Trust_bundle_and_configuration_have_fulcio_shapes()
    {
        var bundle = await _server.Http.GetFromJsonAsync<JsonElement>("/api/v2/trustBundle");
        var certs = bundle.GetProperty("chains")[0].GetProperty("certificates").EnumerateArray().Select(c => c.GetString()!).ToArray();
        Assert.Equal(2, certs.Length);
        var rootText = Openssl.X509Text(certs[1]);
        Assert.Matches(@"X509v3 Basic Constraints: critical\s+CA:TRUE", rootText);
        Assert.Matches(@"X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign", rootText);
        Assert.Contains("NIST CURVE: P-256", rootText); // the generated CA's default (--ca-key-algorithm ecdsa-p256)
        var intermediateText = Openssl.X509Text(certs[0]);
        Assert.Contains("NIST CURVE: P-256", intermediateText);
        Assert.Matches(@"CA:TRUE, pathlen:0", intermediateText);
        Assert.Matches(@"X509v3 Extended Key Usage: \s+Code Signing", intermediateText);

        var config = await _server.Http.GetFromJsonAsync<JsonElement>("/api/v2/configuration");
        var issuers = config.GetProperty("issuers").EnumerateArray().ToArray();
        Assert.Contains(issuers, i => i.GetProperty("issuerUrl").GetString() == _server.EmailIssuer
            && i.GetProperty("audience").GetString() == "sigstore" && i.GetProperty("challengeClaim").GetString() == "email");
    }

    [Fact]
    public void Ca_keys_are_private()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in new[] { "ca-root.key.pem", "ca-intermediate.key.pem", "ct.key.pem", "dev-oidc.key.pem" })
        {
            var mode = File.GetUnixFileMode(Path.Combine(_server.DataDirectory, "keys", file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        }
    }

    internal static byte[] EncodeUtf8(string s)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        w.WriteCharacterString(UniversalTagNumber.UTF8String, s);
        return w.Encode();
    }

    internal static string ClaimOf(string jwt, string claim)
    {
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]);
        using var doc = JsonDocument.Parse(payload);
        return doc.RootElement.GetProperty(claim).GetString()!;
    }

    /// <summary>RFC 6962 §3.2/§5.2: rebuild the signed PreCert entry from the final certificate and check the SCT with the
    /// CT log's key; then find the leaf in the log and verify its inclusion against the signed tree head.</summary>
    private async Task AssertSctVerifiesAndIsLoggedAsync(X509Certificate2 leaf, X509Certificate2 issuer)
    {
        var ext = leaf.Extensions["1.3.6.1.4.1.11129.2.4.2"]!;
        var list = new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadOctetString();
        var sct = Assert.Single(SignedCertificateTimestamp.DeserializeList(list));

        // The CT log's key as clients get it: from the trusted root the server publishes.
        var trustedRoot = Signet.Core.Bundles.TrustedRoot.Parse(File.ReadAllBytes(Path.Combine(_server.DataDirectory, "trusted_root.json")));
        var ctlog = Assert.Single(trustedRoot.Ctlogs);
        Assert.Equal("PKIX_ECDSA_P256_SHA_256", ctlog.PublicKey.KeyDetails);
        Assert.Equal(sct.LogId, ctlog.LogId);
        using var ctPublic = ECDsa.Create();
        ctPublic.ImportSubjectPublicKeyInfo(ctlog.PublicKey.RawBytes, out _);
        Assert.Equal(SHA256.HashData(ctPublic.ExportSubjectPublicKeyInfo()), sct.LogId);
        var ca = Assert.Single(trustedRoot.CertificateAuthorities);
        Assert.Equal(issuer.RawData, ca.CertChain[0]);

        var tbs = CertificateDer.Parse(leaf.RawData, "leaf").TbsWithout("1.3.6.1.4.1.11129.2.4.2");
        var input = CtLogEntry.PrecertEntryLeaf(sct.Timestamp, SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo()), tbs, sct.Extensions);
        Assert.True(ctPublic.VerifyData(input, sct.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var tampered = (byte[])input.Clone();
        tampered[^40] ^= 1;
        Assert.False(ctPublic.VerifyData(tampered, sct.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        // The SCT came back once the leaf was durable; a tree head covers it shortly after (RFC 6962 §3, MMD).
        await _server.WaitUntilLoggedAsync(Rfc6962.HashLeaf(input));
        var sth = await _server.Http.GetFromJsonAsync<JsonElement>("/ct/v1/get-sth");
        var size = sth.GetProperty("tree_size").GetUInt64();
        var root = Convert.FromBase64String(sth.GetProperty("sha256_root_hash").GetString()!);
        var sthSig = Convert.FromBase64String(sth.GetProperty("tree_head_signature").GetString()!);
        Assert.Equal(4, sthSig[0]);
        Assert.Equal(3, sthSig[1]);
        var sthInput = CtLogEntry.TreeHeadSignatureInput(sth.GetProperty("timestamp").GetUInt64(), size, root);
        Assert.True(ctPublic.VerifyData(sthInput, sthSig.AsSpan(4).ToArray(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        var leafHash = Rfc6962.HashLeaf(input);
        var proof = await _server.Http.GetFromJsonAsync<JsonElement>(
            $"/ct/v1/get-proof-by-hash?hash={Uri.EscapeDataString(Convert.ToBase64String(leafHash))}&tree_size={size}");
        var index = proof.GetProperty("leaf_index").GetUInt64();
        var path = proof.GetProperty("audit_path").EnumerateArray().Select(h => Convert.FromBase64String(h.GetString()!)).ToList();
        InclusionProof.Verify(index, size, leafHash, path, root);

        var entries = await _server.Http.GetFromJsonAsync<JsonElement>($"/ct/v1/get-entries?start={index}&end={index}");
        var entry = entries.GetProperty("entries")[0];
        Assert.Equal(input, Convert.FromBase64String(entry.GetProperty("leaf_input").GetString()!));
        Assert.NotEmpty(Convert.FromBase64String(entry.GetProperty("extra_data").GetString()!));
    }
}
