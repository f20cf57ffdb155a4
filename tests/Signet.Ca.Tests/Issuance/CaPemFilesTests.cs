using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Signet.Ca.Issuance;
using Signet.Ca.Tests.Server;
using Signet.Core;

namespace Signet.Ca.Tests.Issuance;

/// <summary>
/// <c>signet serve --ca-cert CHAIN.pem --ca-key KEY.pem [--ca-key-password-file F]</c>: an operator's CA is loaded,
/// checked, and issues; a CA generated on first start uses the chosen key algorithm (P-256 by default).
/// </summary>
public sealed class CaPemFilesTests : IDisposable
{
    private static readonly PbeParameters FastPbes2 = new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000);
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-ca-pem-").FullName;
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private readonly ECDsa _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root;
    private readonly X509Certificate2 _intermediate;

    public CaPemFilesTests()
    {
        var now = DateTimeOffset.UtcNow;
        var rootRequest = new CertificateRequest("O=Operator, CN=operator-root", _rootKey, HashAlgorithmName.SHA384);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        _root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));

        var intermediateRequest = new CertificateRequest("O=Operator, CN=operator-intermediate", _intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        _intermediate = intermediateRequest.Create(_root, now.AddDays(-1), now.AddYears(2), [2]);
    }

    private string ChainPem => _intermediate.ExportCertificatePem() + "\n" + _root.ExportCertificatePem() + "\n";

    private string EncryptedKeyPem(string password) => _intermediateKey.ExportEncryptedPkcs8PrivateKeyPem(password, FastPbes2);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Server_with_an_encrypted_operator_key_issues_under_that_chain()
    {
        var chain = Write("chain.pem", ChainPem);
        var key = Write("key.pem", EncryptedKeyPem("correct horse"));
        var password = Write("password", "correct horse\n");
        await using var server = await CaServer.StartAsync(configure: o => o with { CaCertificateChainFile = chain, CaKeyFile = key, CaKeyPasswordFile = password });

        var token = await server.EmailTokenAsync("dora@example.com");
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var proof = leafKey.SignData(Encoding.UTF8.GetBytes("dora@example.com"), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var response = await server.RequestWithKeyAsync(token, leafKey.ExportSubjectPublicKeyInfo(), proof);
        var pems = await CaServer.ChainOfAsync(response);

        Assert.Equal(3, pems.Length);
        using var leaf = X509Certificate2.CreateFromPem(pems[0]);
        Assert.Equal(_intermediate.RawData, X509Certificate2.CreateFromPem(pems[1]).RawData);
        Assert.Equal(_root.RawData, X509Certificate2.CreateFromPem(pems[2]).RawData);
        Assert.True(Signet.Core.Certificates.X509Parts.Parse(leaf.RawData).IsSignedBy(_intermediate));
        Assert.Matches("Issuer: .*CN = operator-intermediate", Openssl.X509Text(pems[0]));
        await server.WaitUntilLoggedAsync(pems[0], pems[1]);
    }

    [Fact]
    public void Plain_pkcs8_loads_and_every_bad_input_is_a_format_error()
    {
        using (var material = CaPemFiles.Load(ChainPem, _intermediateKey.ExportPkcs8PrivateKeyPem(), null).IssuingKey)
        {
            Assert.Equal(_intermediate.RawData, material.Certificate.RawData);
        }

        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cases = new (string Chain, string Key, string? Password, string Why)[]
        {
            (ChainPem, EncryptedKeyPem("right"), "wrong", "cannot decrypt"),
            (ChainPem, EncryptedKeyPem("right"), null, "give --ca-key-password-file"),
            (ChainPem, _intermediateKey.ExportPkcs8PrivateKeyPem(), "unneeded", "not encrypted"),
            (ChainPem, stranger.ExportPkcs8PrivateKeyPem(), null, "--ca-key: the key is not the issuing certificate's ECDSA key"),
            (ChainPem, _intermediateKey.ExportECPrivateKeyPem(), null, "expected PKCS#8"),
            (_root.ExportCertificatePem() + "\n" + _intermediate.ExportCertificatePem(), _intermediateKey.ExportPkcs8PrivateKeyPem(), null, "not issued by certificate 1"),
            (_intermediate.ExportCertificatePem(), _intermediateKey.ExportPkcs8PrivateKeyPem(), null, "self-signed root"),
            ("no pem here", _intermediateKey.ExportPkcs8PrivateKeyPem(), null, "BEGIN"),
        };
        foreach (var (chain, key, password, why) in cases)
        {
            var e = Assert.Throws<SignetFormatException>(() => CaPemFiles.Load(chain, key, password));
            Assert.Contains(why, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, 256)]
    [InlineData("ecdsa-p256", 256)]
    [InlineData("ecdsa-p384", 384)]
    public void A_generated_ca_uses_the_chosen_curve_and_p256_by_default(string? algorithm, int bits)
    {
        var dir = Path.Combine(_dir, algorithm ?? "default");
        using var material = algorithm is null
            ? CaKeyStore.LoadOrCreate(Path.Combine(dir, "ca"), Path.Combine(dir, "keys"), TimeProvider.System).IssuingKey
            : CaKeyStore.LoadOrCreate(Path.Combine(dir, "ca"), Path.Combine(dir, "keys"), TimeProvider.System, curveBits: CaKeyStore.CurveBitsOf(algorithm)).IssuingKey;
        using var key = material.Certificate.GetECDsaPublicKey()!;
        Assert.Equal(bits, key.KeySize);
        Assert.Throws<ArgumentException>(() => CaKeyStore.CurveBitsOf("rsa-2048"));
    }

    [Fact]
    public void A_generated_ca_keeps_its_files_where_CaFiles_names_them_and_a_corrupt_key_names_the_file()
    {
        var files = new CaFiles(Path.Combine(_dir, "gen", "ca"), Path.Combine(_dir, "gen", "keys"));
        using (CaKeyStore.LoadOrCreate(files.CertificateDirectory, files.KeyDirectory, TimeProvider.System).IssuingKey)
        {
        }

        Assert.All(files.All, f => Assert.True(File.Exists(f), f));
        Assert.Equal(CaKeyStore.DefaultKeyAlgorithm, Assert.Single(CaKeyStore.KeyAlgorithms, a => CaKeyStore.CurveBitsOf(a) == 256));

        File.WriteAllText(files.IntermediateKey, "garbage");
        var e = Assert.Throws<SignetFormatException>(() => CaKeyStore.LoadOrCreate(files.CertificateDirectory, files.KeyDirectory, TimeProvider.System));
        Assert.StartsWith(files.IntermediateKey + ": not an unencrypted PEM EC private key", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _root.Dispose();
        _intermediate.Dispose();
        _rootKey.Dispose();
        _intermediateKey.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
