using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Packaging.Signing;
using NuGet.Versioning;
using Signet.Core.Keys;
using Signet.Testing.Servers;

namespace Signet.Packages.Tests.NuGet;

/// <summary>
/// <c>signet nuget sign</c> read back by NuGet's own code (NuGet.Packaging): a package NuGet's <see cref="PackageBuilder"/>
/// wrote, signed keylessly against Signet's own services, opens in <see cref="PackageArchiveReader"/> with every file
/// intact and the bundles beside the DLLs; NuGet then author-signs it (the order the signer asks for), and NuGet's
/// signature reader, integrity check (<see cref="PackageArchiveReader.ValidateIntegrityAsync"/>) and offline signature
/// providers (<see cref="IntegrityVerificationProvider"/>, <see cref="SignatureTrustAndValidityVerificationProvider"/>)
/// accept it while <c>signet nuget verify</c> still verifies the bundles.
/// Tampered content after NuGet's signature fails NuGet's integrity check and Signet's verification alike.
/// </summary>
[Collection("interop")]
public sealed class NuGetSignReadBackTests : IDisposable
{
    private const string Email = "release@signet.dev";
    private const string Id = "Contoso.Sigstore.Sample";
    private static readonly string[] Dlls = ["lib/net8.0/Contoso.Sigstore.Sample.dll", "lib/netstandard2.0/Contoso.Sigstore.Sample.dll"];
    private readonly string _work = Directory.CreateTempSubdirectory("signet-nuget-readback-").FullName;

    [Fact]
    public async Task A_package_signet_signed_reads_back_in_NuGet_and_survives_NuGet_author_signing()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var unsigned = Path.Combine(_work, $"{Id}.1.2.3.nupkg");
        var original = BuildWithNuGet(unsigned);
        var signedPath = Path.Combine(_work, "signet-signed.nupkg");
        var signed = Cli.Run("nuget", "sign", unsigned, "--output", signedPath, "--identity-token", await stack.TokenAsync(Email), "--signing-config", stack.SigningConfigPath);
        Assert.True(signed.Exit == Exit.Ok, signed.Err + signed.Out);

        // NuGet's reader: same identity and nuspec, every original file byte for byte, one bundle beside each DLL, no NuGet signature.
        using (var reader = new PackageArchiveReader(File.OpenRead(signedPath)))
        {
            Assert.Equal(new PackageIdentity(Id, NuGetVersion.Parse("1.2.3")), reader.GetIdentity());
            Assert.Equal("Sigstore bundles beside every DLL", reader.NuspecReader.GetDescription());
            foreach (var (path, bytes) in original)
            {
                Assert.Equal(bytes, ReadAll(reader, path));
            }

            var files = reader.GetFiles().ToHashSet(StringComparer.Ordinal);
            Assert.All(Dlls, dll => Assert.Contains(dll + ".sigstore.json", files));
            Assert.Equal(2, files.Count(f => f.EndsWith(".sigstore.json", StringComparison.Ordinal)));
            Assert.Contains(reader.GetLibItems(), group => group.Items.Contains(Dlls[0]));
            Assert.False(await reader.IsSignedAsync(CancellationToken.None));
            Assert.Null(await reader.GetPrimarySignatureAsync(CancellationToken.None));
        }

        // NuGet's extractor (what packages.config restore runs) lays it out with the bundles beside the DLLs.
        var extracted = await ExtractAsync(signedPath);
        Assert.All(Dlls, dll => Assert.Equal(original[dll], File.ReadAllBytes(Path.Combine(extracted, dll))));
        Assert.All(Dlls, dll => Assert.True(File.Exists(Path.Combine(extracted, dll + ".sigstore.json"))));

        string[] identity = ["--certificate-identity", Email, "--certificate-oidc-issuer", stack.Issuer, "--trusted-root", stack.TrustedRootPath];
        var verified = Cli.Run(["nuget", "verify", signedPath, "--require-all", .. identity]);
        Assert.True(verified.Exit == Exit.Ok, verified.Err + verified.Out);

        // NuGet author-signs the Signet-signed package: its signature covers the bundles, and NuGet's checks accept it.
        var authorSigned = Path.Combine(_work, "author-signed.nupkg");
        await AuthorSignAsync(signedPath, authorSigned);
        using (var reader = new PackageArchiveReader(File.OpenRead(authorSigned)))
        {
            Assert.True(await reader.IsSignedAsync(CancellationToken.None));
            var signature = await reader.GetPrimarySignatureAsync(CancellationToken.None);
            Assert.NotNull(signature);
            Assert.Equal(SignatureType.Author, signature.Type);
            await reader.ValidateIntegrityAsync(signature.SignatureContent, CancellationToken.None);
            var verdict = await VerifyAsync(reader);
            Assert.True(verdict.IsValid, string.Join("; ", verdict.Results.SelectMany(r => r.GetErrorIssues()).Select(i => i.Message)));
            Assert.True(verdict.IsSigned);
            Assert.All(Dlls, dll => Assert.Contains(dll + ".sigstore.json", reader.GetFiles()));
        }

        Assert.Equal(Exit.Ok, Cli.Run(["nuget", "verify", authorSigned, "--require-all", .. identity]).Exit);

        // Signing again would add files under NuGet's signature: refused with one line, nothing written.
        var again = Cli.Run("nuget", "sign", authorSigned, "--output", Path.Combine(_work, "again.nupkg"), "--identity-token", await stack.TokenAsync(Email), "--signing-config", stack.SigningConfigPath);
        Assert.Equal(Exit.InvalidInput, again.Exit);
        Assert.Contains("NuGet signature", again.Err);
        Assert.False(File.Exists(Path.Combine(_work, "again.nupkg")));

        // One DLL altered after NuGet signed: NuGet's integrity check fails (NU3008), and Signet refuses the bundle.
        var tampered = Path.Combine(_work, "tampered.nupkg");
        File.Copy(authorSigned, tampered);
        FlipByte(tampered, Dlls[1]);
        using (var reader = new PackageArchiveReader(File.OpenRead(tampered)))
        {
            var signature = await reader.GetPrimarySignatureAsync(CancellationToken.None);
            Assert.NotNull(signature);
            await Assert.ThrowsAsync<SignatureException>(() => reader.ValidateIntegrityAsync(signature.SignatureContent, CancellationToken.None));
            var verdict = await VerifyAsync(reader);
            Assert.False(verdict.IsValid);
            Assert.Contains(verdict.Results.SelectMany(r => r.GetErrorIssues()), issue => issue.Code == NuGetLogCode.NU3008);
        }

        var refused = Cli.Run(["nuget", "verify", tampered, .. identity]);
        Assert.Equal(Exit.Refused, refused.Exit);
        Assert.Contains("netstandard2.0/Contoso.Sigstore.Sample.dll", refused.Out + refused.Err);
    }

    [Fact]
    public async Task A_package_signed_with_a_key_verifies_with_its_public_key_and_names_it()
    {
        await using var stack = await LocalSigstore.StartAsync();
        var unsigned = Path.Combine(_work, $"{Id}.1.2.3.nupkg");
        BuildWithNuGet(unsigned);
        using var key = SigningKey.GenerateEcdsaP256();
        var keyPath = Path.Combine(_work, "release.key");
        var pubPath = Path.Combine(_work, "release.pub");
        var passwordPath = Path.Combine(_work, "password.txt");
        File.WriteAllText(keyPath, key.ExportEncryptedPkcs8Pem("correct horse"));
        File.WriteAllText(pubPath, key.PublicKey.ToPem());
        File.WriteAllText(passwordPath, "correct horse");
        var signedPath = Path.Combine(_work, "key-signed.nupkg");
        var signed = Cli.Run("nuget", "sign", unsigned, "--output", signedPath, "--key", keyPath, "--password-file", passwordPath,
            "--signing-config", stack.SigningConfigPath, "--trusted-root", stack.TrustedRootPath);
        Assert.True(signed.Exit == Exit.Ok, signed.Err + signed.Out);

        // Each verified DLL names what verified it, as signet verify does: the public key, by the bundle's hint (SHA-256 of the key).
        var hint = Signet.Core.Encoding.Hex.Encode(SHA256.HashData(key.PublicKey.SpkiDer));
        string[] verify = ["nuget", "verify", signedPath, "--require-all", "--key", pubPath, "--trusted-root", stack.TrustedRootPath];
        var verified = Cli.Run(verify);
        Assert.True(verified.Exit == Exit.Ok, verified.Err + verified.Out);
        Assert.All(Dlls, dll => Assert.Contains($"verified  {dll}: signed by public key {hint}\n", verified.Out.ReplaceLineEndings("\n") + "\n"));
        var json = System.Text.Json.Nodes.JsonNode.Parse(Cli.Run([.. verify, "--json"]).Out)!;
        Assert.All(json["packages"]![0]!["files"]!.AsArray(), f => Assert.Equal(hint, f!["publicKeyHint"]!.GetValue<string>()));
    }

    /// <summary>An unsigned package written by NuGet's own <see cref="PackageBuilder"/>: two DLLs (real assemblies) and a readme.</summary>
    private Dictionary<string, byte[]> BuildWithNuGet(string path)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [Dlls[0]] = File.ReadAllBytes(typeof(Signet.Packages.NuGet.NuGetPackage).Assembly.Location),
            [Dlls[1]] = File.ReadAllBytes(typeof(Signet.Core.SignetFormatException).Assembly.Location),
            ["README.md"] = "# Contoso.Sigstore.Sample\n"u8.ToArray(),
        };
        var builder = new PackageBuilder
        {
            Id = Id,
            Version = NuGetVersion.Parse("1.2.3"),
            Description = "Sigstore bundles beside every DLL",
        };
        builder.Authors.Add("Contoso");
        foreach (var (target, bytes) in files)
        {
            var source = Path.Combine(_work, "src", target);
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            File.WriteAllBytes(source, bytes);
            builder.Files.Add(new PhysicalPackageFile { SourcePath = source, TargetPath = target });
        }

        using (var stream = File.Create(path))
        {
            builder.Save(stream);
        }

        return files;
    }

    /// <summary>NuGet's author signature (SigningUtility, no timestamp) with a code-signing certificate made here.</summary>
    private static async Task AuthorSignAsync(string input, string output)
    {
        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=Contoso package signing", key, System.Security.Cryptography.HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var options = SigningOptions.CreateFromFilePaths(input, output, overwrite: false, new X509SignatureProvider(timestampProvider: null), NullLogger.Instance);
        using var signRequest = new AuthorSignPackageRequest(certificate, global::NuGet.Common.HashAlgorithmName.SHA256);
        await SigningUtility.SignAsync(options, signRequest, CancellationToken.None);
    }

    /// <summary>
    /// NuGet's package signature verifier with the providers that need no network: integrity (the signed hash of the
    /// archive) and trust-and-validity (the CMS signature, the certificate's validity and purpose), under the client
    /// policy restore applies by default (accept mode: an untrusted root is a warning, not an error).
    /// </summary>
    private static Task<VerifySignaturesResult> VerifyAsync(PackageArchiveReader reader) =>
        new PackageSignatureVerifier([new IntegrityVerificationProvider(), new SignatureTrustAndValidityVerificationProvider()])
            .VerifySignaturesAsync(reader, ClientPolicyContext.GetClientPolicy(NullSettings.Instance, NullLogger.Instance).VerifierSettings, CancellationToken.None);

    /// <summary>NuGet's <see cref="PackageExtractor"/> (what packages.config restore runs) into a folder of its own; returns the package's folder.</summary>
    private async Task<string> ExtractAsync(string nupkg)
    {
        var resolver = new PackagePathResolver(Path.Combine(_work, "extracted"));
        var context = new PackageExtractionContext(PackageSaveMode.Defaultv3, XmlDocFileSaveMode.None, ClientPolicyContext.GetClientPolicy(NullSettings.Instance, NullLogger.Instance), NullLogger.Instance);
        using (var stream = File.OpenRead(nupkg))
        {
            await PackageExtractor.ExtractPackageAsync(nupkg, stream, resolver, context, CancellationToken.None);
        }

        return resolver.GetInstallPath(new PackageIdentity(Id, NuGetVersion.Parse("1.2.3")));
    }

    private static byte[] ReadAll(PackageArchiveReader reader, string path)
    {
        using var stream = reader.GetStream(path);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void FlipByte(string nupkg, string path)
    {
        using var zip = ZipFile.Open(nupkg, ZipArchiveMode.Update);
        var entry = zip.GetEntry(path)!;
        byte[] bytes;
        using (var s = entry.Open())
        using (var m = new MemoryStream())
        {
            s.CopyTo(m);
            bytes = m.ToArray();
        }

        bytes[bytes.Length / 2] ^= 0x01;
        entry.Delete();
        using var w = zip.CreateEntry(path).Open();
        w.Write(bytes);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
