using System.IO.Compression;
using System.Xml;
using Signet.Core;
using Signet.Core.Bundles;
using Signet.Packages.Archives;

namespace Signet.Packages.NuGet;

/// <summary>
/// Adds a Sigstore bundle beside every DLL of a NuGet package (<c>X.dll.sigstore.json</c>, the layout OpenTelemetry .NET
/// ships and <see cref="NuGetPackageVerifier"/> checks) and writes the package anew: every other entry is copied as it
/// was, bundles already there are replaced, and <c>[Content_Types].xml</c> gains the <c>json</c> extension when it lacks
/// it (ECMA-376 Part 2 §10.1.2: every part's extension has a content type). A package carrying a NuGet package signature
/// is refused: any added file would invalidate it.
/// </summary>
public static class NuGetPackageSigner
{
    private const string ContentTypes = "[Content_Types].xml";
    private const string ContentTypesNamespace = "http://schemas.openxmlformats.org/package/2006/content-types";

    /// <summary>Signs every DLL of the package with <paramref name="sign"/> and returns the new package's bytes.</summary>
    /// <param name="fileName">The package file's name, for messages.</param>
    /// <param name="nupkg">The package.</param>
    /// <param name="sign">Signs one file's bytes into a verified bundle.</param>
    /// <param name="cancellationToken">Cancels the signing.</param>
    /// <returns>The new package and the paths of the files signed.</returns>
    /// <exception cref="SignetFormatException">Not a package, outside the limits, signed by NuGet already, or without a DLL.</exception>
    public static async Task<(byte[] Package, IReadOnlyList<string> Signed)> SignAsync(
        string fileName, ReadOnlyMemory<byte> nupkg, Func<byte[], CancellationToken, Task<Bundle>> sign, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sign);
        var package = NuGetPackage.Read(fileName, nupkg);
        if (package.IsSigned)
        {
            throw new SignetFormatException($"{fileName}: the package carries a NuGet signature ({NuGetPackage.SignatureFile}); adding bundles would break it, so sign the unsigned package before it is NuGet-signed");
        }

        var dlls = package.Files.Where(f => f.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToList();
        if (dlls.Count == 0)
        {
            throw new SignetFormatException($"{fileName}: the package has no DLL to sign");
        }

        var bundles = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var dll in dlls)
        {
            var bundle = await sign(dll.Content.ToArray(), cancellationToken).ConfigureAwait(false);
            bundles[dll.Path + NuGetPackageVerifier.BundleSuffix] = bundle.ToJson();
        }

        return (Write(package, bundles), dlls.Select(d => d.Path).ToList());
    }

    private static byte[] Write(NuGetPackage package, Dictionary<string, byte[]> bundles)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in package.Files)
            {
                if (bundles.ContainsKey(file.Path))
                {
                    continue; // replaced below
                }

                var content = file.Path == ContentTypes ? WithJsonContentType(file) : file.Content;
                Add(zip, file.Path, content.Span);
            }

            foreach (var (path, json) in bundles)
            {
                Add(zip, path, json);
            }
        }

        return output.ToArray();
    }

    private static void Add(ZipArchive zip, string path, ReadOnlySpan<byte> content)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        using var s = entry.Open();
        s.Write(content);
    }

    private static ReadOnlyMemory<byte> WithJsonContentType(PackageFile types)
    {
        XmlDocument doc;
        try
        {
            doc = PackageXml.Load(types.Content);
        }
        catch (XmlException e)
        {
            throw new SignetFormatException($"{ContentTypes}: not valid XML ({e.Message})", e);
        }

        var root = doc.DocumentElement ?? throw new SignetFormatException($"{ContentTypes}: no root element");
        var hasJson = root.ChildNodes.OfType<XmlElement>()
            .Any(e => e.LocalName == "Default" && string.Equals(e.GetAttribute("Extension"), "json", StringComparison.OrdinalIgnoreCase));
        if (hasJson)
        {
            return types.Content;
        }

        var json = doc.CreateElement("Default", ContentTypesNamespace);
        json.SetAttribute("Extension", "json");
        json.SetAttribute("ContentType", "application/octet-stream");
        root.AppendChild(json);
        using var ms = new MemoryStream();
        doc.Save(ms);
        return ms.ToArray();
    }
}
