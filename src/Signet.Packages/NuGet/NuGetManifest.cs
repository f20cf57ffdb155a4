using System.Xml;
using Signet.Core;

namespace Signet.Packages.NuGet;

/// <summary>The parts of a <c>.nuspec</c> the analysis reads: id, version and <c>&lt;repository url&gt;</c>.</summary>
public sealed record NuGetManifest(string Id, string Version, string? Repository)
{
    public static NuGetManifest Parse(ReadOnlyMemory<byte> xml, string file)
    {
        try
        {
            var doc = PackageXml.Load(xml);
            // The nuspec namespace varies by schema version; elements are matched by local name.
            var metadata = doc.DocumentElement?.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "metadata")
                ?? throw new SignetFormatException($"{file}: no <metadata> element");
            string? Child(string name) => metadata.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == name)?.InnerText.Trim();
            var repository = metadata.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "repository")?.GetAttribute("url");
            return new NuGetManifest(Child("id") ?? string.Empty, Child("version") ?? string.Empty, string.IsNullOrEmpty(repository) ? null : repository);
        }
        catch (XmlException e)
        {
            throw new SignetFormatException($"{file}: not valid XML ({e.Message})", e);
        }
    }
}

/// <summary>XML loading for package manifests, MSBuild files and NuGet.Config: no DTDs, no external resolution, bounded (64 Mi characters).</summary>
public static class PackageXml
{
    public static XmlDocument Load(ReadOnlyMemory<byte> xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 64L << 20 };
        using var reader = XmlReader.Create(new MemoryStream(xml.ToArray(), writable: false), settings);
        var doc = new XmlDocument { XmlResolver = null };
        try
        {
            doc.Load(reader);
        }
        catch (ArgumentException e)
        {
            // XmlReader reports some malformed declarations (e.g. version="2.0") as ArgumentException: an XML error like any other.
            throw new XmlException(e.Message, e);
        }

        return doc;
    }
}
