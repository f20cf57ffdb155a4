using System.Text.Json;
using Signet.Core;

namespace Signet.Log.Rekor.Entries;

/// <summary>
/// Turns a write request into a <see cref="CanonicalEntry"/> after verifying its signature(s): Rekor v1 proposed
/// entries (<c>{kind, apiVersion, spec}</c>: hashedrekord 0.0.1, dsse 0.0.1, intoto 0.0.2) and Rekor v2 create-entry
/// requests (<c>{hashedRekordRequestV002}</c>). Anything else is a <see cref="SignetFormatException"/>.
/// </summary>
public static class EntryRequests
{
    /// <summary>Largest canonicalized body the log stores: entry bundles length-prefix entries with 16 bits
    /// (C2SP tlog-tiles), so an entry is at most 64 KiB.</summary>
    public const int MaxBodyBytes = 65535;

    /// <summary>A Rekor v1 proposed entry (<c>POST /api/v1/log/entries</c>), verified and canonicalised.</summary>
    /// <param name="json">The request body.</param>
    public static CanonicalEntry FromProposedEntry(ReadOnlyMemory<byte> json)
    {
        using var doc = EntryJson.Parse(json, "the proposed entry");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("the proposed entry is not a JSON object");
        }

        var kind = EntryJson.String(root, "kind", "entry");
        var version = EntryJson.String(root, "apiVersion", "entry");
        var spec = EntryJson.Object(root, "spec", "entry");
        var entry = (kind, version) switch
        {
            (HashedRekordV001.Kind, HashedRekordV001.Version) => HashedRekordV001.Canonicalize(spec),
            (DsseV001.Kind, DsseV001.Version) => DsseV001.Canonicalize(spec),
            (IntotoV002.Kind, IntotoV002.Version) => IntotoV002.Canonicalize(spec),
            (HashedRekordV002.Kind, HashedRekordV002.Version) =>
                throw new SignetFormatException("hashedrekord 0.0.2 is written through POST /api/v2/log/entries"),
            _ => throw new SignetFormatException($"unsupported entry kind '{kind}' version '{version}' (supported: hashedrekord 0.0.1, dsse 0.0.1, intoto 0.0.2)"),
        };
        return Checked(entry);
    }

    /// <summary>A Rekor v2 create-entry request (<c>POST /api/v2/log/entries</c>), verified and canonicalised.</summary>
    /// <param name="json">The request body.</param>
    public static CanonicalEntry FromCreateEntryRequest(ReadOnlyMemory<byte> json)
    {
        using var doc = EntryJson.Parse(json, "the create-entry request");
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SignetFormatException("the create-entry request is not a JSON object");
        }

        if (root.TryGetProperty("hashedRekordRequestV002", out var hr) && hr.ValueKind == JsonValueKind.Object)
        {
            return Checked(HashedRekordV002.Canonicalize(hr));
        }

        if (root.TryGetProperty("dsseRequestV002", out _))
        {
            // Rekor v2 dropped DSSE (rekor-tiles #744): clients log the PAE digest as a hashedrekord.
            throw new SignetFormatException("dsseRequestV002 is not accepted; log a DSSE envelope as hashedRekordRequestV002 over its PAE digest");
        }

        throw new SignetFormatException("the create-entry request has no hashedRekordRequestV002");
    }

    private static CanonicalEntry Checked(CanonicalEntry entry) =>
        entry.Body.Length <= MaxBodyBytes
            ? entry
            : throw new SignetFormatException($"the canonicalized entry is {entry.Body.Length} bytes; the log stores at most {MaxBodyBytes}");
}
