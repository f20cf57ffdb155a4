using Signet.Core;
using Signet.Core.Json;
using Signet.Core.Rekor;
using Signet.Core.Tiles;

namespace Signet.Log.Rekor.Entries;

/// <summary>
/// Turns a write request into a <see cref="CanonicalEntry"/>: which kinds this log accepts, canonicalized (with their
/// signatures verified) by the entry kinds of <see cref="Signet.Core.Rekor"/>, and the search keys it indexes each
/// under. Rekor v1 proposed entries (<c>{kind, apiVersion, spec}</c>: hashedrekord 0.0.1, dsse 0.0.1, intoto 0.0.2) and
/// Rekor v2 create-entry requests (<c>{hashedRekordRequestV002}</c>). Anything else is a <see cref="SignetFormatException"/>.
/// </summary>
public static class EntryRequests
{
    /// <summary>A Rekor v1 proposed entry (<c>POST /api/v1/log/entries</c>), verified and canonicalised.</summary>
    /// <param name="json">The request body.</param>
    public static CanonicalEntry FromProposedEntry(ReadOnlyMemory<byte> json)
    {
        using var doc = StrictJson.Parse(json, "entry", JsonLimits.RekorEntry);
        var root = JsonField.Root(doc.RootElement, "entry").RequireObject();
        var kind = root.RequiredString("kind", allowEmpty: false);
        var version = root.RequiredString("apiVersion", allowEmpty: false);
        var spec = root.RequiredObject("spec");
        var entry = (kind, version) switch
        {
            (HashedRekordV001.Kind, HashedRekordV001.Version) => HashedRekordV001.Canonicalize(spec),
            (DsseV001.Kind, DsseV001.Version) => DsseV001.Canonicalize(spec),
            (IntotoV002.Kind, IntotoV002.Version) => IntotoV002.Canonicalize(spec),
            (HashedRekordV002.Kind, HashedRekordV002.Version) =>
                throw new SignetFormatException("hashedrekord 0.0.2 is written through POST /api/v2/log/entries"),
            _ => throw new SignetFormatException($"unsupported entry kind '{kind}' version '{version}' (supported: hashedrekord 0.0.1, dsse 0.0.1, intoto 0.0.2)"),
        };
        return Indexed(entry);
    }

    /// <summary>A Rekor v2 create-entry request (<c>POST /api/v2/log/entries</c>), verified and canonicalised.</summary>
    /// <param name="json">The request body.</param>
    public static CanonicalEntry FromCreateEntryRequest(ReadOnlyMemory<byte> json)
    {
        using var doc = StrictJson.Parse(json, "request", JsonLimits.RekorEntry);
        var root = JsonField.Root(doc.RootElement, "request").RequireObject();
        if (root.TryGet(HashedRekordV002.RequestMember, out var request))
        {
            return Indexed(HashedRekordV002.Canonicalize(request.RequireObject()));
        }

        if (root.TryGet("dsseRequestV002", out _))
        {
            // Rekor v2 dropped DSSE (rekor-tiles #744): clients log the PAE digest as a hashedrekord.
            throw new SignetFormatException("dsseRequestV002 is not accepted; log a DSSE envelope as hashedRekordRequestV002 over its PAE digest");
        }

        throw new SignetFormatException("the create-entry request has no hashedRekordRequestV002");
    }

    /// <summary>The search keys of an entry, in the order this log has always indexed them: a hashedrekord by its
    /// artifact digest, then its signer; an envelope by its signers, its payload and envelope hashes, then the subjects
    /// of an in-toto statement payload.</summary>
    private static CanonicalEntry Indexed(CanonicalizedEntry entry)
    {
        // C2SP tlog-tiles: entry bundles length-prefix entries with 16 bits, so a stored body is at most 64 KiB.
        if (entry.Body.Length > EntryBundle.MaxEntrySize)
        {
            throw new SignetFormatException($"the canonicalized entry is {entry.Body.Length} bytes; the log stores at most {EntryBundle.MaxEntrySize}");
        }

        var hashes = entry.Hashes.Select(h => SearchKeys.Hash(h.Algorithm, h.Hex));
        var signers = entry.Signers.SelectMany(SignerKeys);
        IReadOnlyList<string> keys = entry.Payload is null
            ? [.. hashes, .. signers]
            : [.. new[] { signers, hashes, InTotoSubjects.SearchKeys(entry.PayloadType!, entry.Payload) }.SelectMany(k => k).Distinct(StringComparer.Ordinal)];
        return new CanonicalEntry(entry.Kind, entry.ApiVersion, entry.Body, keys);
    }

    /// <summary>A signer is found by its key and, for a certificate, by its e-mail address and URI SANs.</summary>
    private static IEnumerable<string> SignerKeys(EntrySigner signer)
    {
        yield return SearchKeys.PublicKeyHash(signer.SpkiSha256);
        if (signer.Email is { } email)
        {
            yield return SearchKeys.Email(email);
        }

        foreach (var uri in signer.Uris)
        {
            yield return SearchKeys.Uri(uri);
        }
    }
}
