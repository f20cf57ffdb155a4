using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Signet.Core;
using Signet.Testing.Keys;

namespace Signet.Pkcs11.Tests;

/// <summary>Keys in a fresh SoftHSM2 token: generated inside, used by every BCL signer Signet uses, never exported.</summary>
[Collection(SoftHsmTokens.Name)]
public sealed class SoftHsmKeyTests
{
    [Fact]
    public void A_generated_key_signs_inside_the_token_and_verifies_outside()
    {
        var token = SoftHsmToken.Create();
        using var key = Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("signer")));
        var data = "hello"u8.ToArray();
        var signature = key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var outside = ECDsa.Create();
        outside.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        Assert.True(outside.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(outside.VerifyData("hellO"u8, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        // Opened again by URI: the same key (the token kept it).
        using var again = Pkcs11Keys.OpenSigningKey(Pkcs11Uri.Parse(token.Uri("signer")));
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), again.PublicKey.SpkiDer);
        again.PublicKey.Verify(data, again.Sign(data));
    }

    [Fact]
    public void The_private_key_is_never_exported()
    {
        var token = SoftHsmToken.Create();
        using var key = Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("k")), 384);
        Assert.Equal(384, key.KeySize);
        Assert.Throws<CryptographicException>(() => key.ExportParameters(true));
        Assert.Throws<CryptographicException>(() => key.ExportPkcs8PrivateKey());
        using var signing = Pkcs11Keys.OpenSigningKey(Pkcs11Uri.Parse(token.Uri("k")));
        Assert.Throws<CryptographicException>(() => signing.ExportPkcs8());
    }

    [Fact]
    public void Certificates_and_cms_signatures_are_made_with_the_token_key()
    {
        var token = SoftHsmToken.Create();
        using var key = Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("ca")));
        var request = new CertificateRequest("CN=token CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        // CreateSelfSigned would attach the private key (an export); a hardware CA signs through the generator.
        using var rootPublic = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now.AddMinutes(-1), now.AddDays(1), [9]);

        // A leaf signed through X509SignatureGenerator, as the CA issues.
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=leaf", leafKey, HashAlgorithmName.SHA256);
        using var leaf = leafRequest.Create(rootPublic.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now.AddMinutes(-1), now.AddHours(1), [1, 2, 3]);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(rootPublic);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf));

        // A CMS signature with the token key, as the TSA signs its tokens (CmsSigner with an explicit private key).
        var content = new ContentInfo("tsa"u8.ToArray());
        var cms = new SignedCms(content, detached: false);
        cms.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, rootPublic, key) { DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1") });
        var decoded = new SignedCms();
        decoded.Decode(cms.Encode());
        decoded.CheckSignature(verifySignatureOnly: true);
    }

    [Fact]
    public void Wrong_pin_missing_object_and_missing_module_are_one_line_each()
    {
        var token = SoftHsmToken.Create();
        using (Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("k"))))
        {
        }

        var wrongPin = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.Open(Pkcs11Uri.Parse(token.Uri("k", "9999"))));
        Assert.Contains("the PIN is wrong", wrongPin.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("9999", wrongPin.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.Open(Pkcs11Uri.Parse(token.Uri("absent"))));
        Assert.Contains("no private key with that label/ID", missing.Message, StringComparison.Ordinal);

        var noPin = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.Open(Pkcs11Uri.Parse(token.Uri("k", pin: null))));
        Assert.Contains("needs the PIN", noPin.Message, StringComparison.Ordinal);

        var noToken = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.Open(Pkcs11Uri.Parse($"pkcs11:token=nope;object=k?module-path={SoftHsmToken.ModulePath}&pin-value=1234")));
        Assert.Contains("no initialised token matches", noToken.Message, StringComparison.Ordinal);

        var noModule = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.Open(Pkcs11Uri.Parse("pkcs11:object=k?module-path=/nonexistent/lib.so&pin-value=1")));
        Assert.Contains("/nonexistent/lib.so: no such file", noModule.Message, StringComparison.Ordinal);

        var notModule = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.Open(Pkcs11Uri.Parse("pkcs11:object=k?module-path=/etc/hostname&pin-value=1")));
        Assert.Contains("cannot be loaded", notModule.Message, StringComparison.Ordinal);

        var exists = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("k"))));
        Assert.Contains("exists", exists.Message, StringComparison.Ordinal);
        foreach (var e in new Exception[] { wrongPin, missing, noPin, noToken, noModule, notModule, exists })
        {
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void Pin_source_names_a_file_holding_the_pin()
    {
        var token = SoftHsmToken.Create();
        var pinFile = Path.GetTempFileName();
        File.WriteAllText(pinFile, SoftHsmToken.Pin + "\n");
        var uri = $"pkcs11:token={token.Label};object=k?module-path={SoftHsmToken.ModulePath}&pin-source=file://{pinFile}";
        using var key = Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(uri));
        Assert.Equal(256, key.KeySize);
        File.Delete(pinFile);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoftHsmTokens
{
    public const string Name = "SoftHSM2 tokens";
}
