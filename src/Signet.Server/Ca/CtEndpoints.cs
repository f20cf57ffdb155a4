using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Signet.Ca.Ct;
using Signet.Core;
using Signet.Core.Ct;
using Signet.Core.Json;

namespace Signet.Server.Ca;

/// <summary>RFC 6962 §4 over HTTP: add-chain, add-pre-chain, get-sth, get-sth-consistency, get-proof-by-hash, get-entries, get-roots.</summary>
internal static class CtEndpoints
{
    private const int MaxChainBytes = 512 * 1024;

    private static readonly JsonLimits ChainLimits = new(MaxChainBytes, 8, 1024);

    public static void MapCt(this IEndpointRouteBuilder e)
    {
        e.MapPost("/ct/v1/add-chain", (HttpContext c, CaRuntime ca) => AddAsync(c, ca, precert: false));
        e.MapPost("/ct/v1/add-pre-chain", (HttpContext c, CaRuntime ca) => AddAsync(c, ca, precert: true));
        e.MapGet("/ct/v1/get-sth", async (HttpContext c, CaRuntime ca) =>
        {
            var sth = await ca.Ct.GetSignedTreeHeadAsync(c.RequestAborted).ConfigureAwait(false);
            return Json(new Dictionary<string, object>
            {
                ["tree_size"] = sth.TreeSize,
                ["timestamp"] = sth.Timestamp,
                ["sha256_root_hash"] = Convert.ToBase64String(sth.RootHash),
                ["tree_head_signature"] = Convert.ToBase64String(sth.TreeHeadSignature),
            });
        });
        e.MapGet("/ct/v1/get-sth-consistency", async (HttpContext c, CaRuntime ca) =>
        {
            var proof = await ca.Ct.GetConsistencyAsync(Query(c, "first"), Query(c, "second"), c.RequestAborted).ConfigureAwait(false);
            return Json(new Dictionary<string, object> { ["consistency"] = proof.Select(Convert.ToBase64String).ToArray() });
        });
        e.MapGet("/ct/v1/get-proof-by-hash", async (HttpContext c, CaRuntime ca) =>
        {
            var hash = Base64Of(c.Request.Query["hash"].ToString(), "hash");
            var found = await ca.Ct.GetProofByHashAsync(hash, Query(c, "tree_size"), c.RequestAborted).ConfigureAwait(false)
                ?? throw HttpProblemException.NotFound("get-proof-by-hash: no leaf with that hash in the tree of that size");
            return Json(new Dictionary<string, object>
            {
                ["leaf_index"] = found.Index,
                ["audit_path"] = found.AuditPath.Select(Convert.ToBase64String).ToArray(),
            });
        });
        e.MapGet("/ct/v1/get-entries", async (HttpContext c, CaRuntime ca) =>
        {
            var entries = await ca.Ct.GetEntriesAsync(Query(c, "start"), Query(c, "end"), c.RequestAborted).ConfigureAwait(false);
            return Json(new Dictionary<string, object>
            {
                ["entries"] = entries.Select(x => new Dictionary<string, string>
                {
                    ["leaf_input"] = Convert.ToBase64String(x.LeafInput),
                    ["extra_data"] = Convert.ToBase64String(x.ExtraData),
                }).ToArray(),
            });
        });
        e.MapGet("/ct/v1/get-roots", (CaRuntime ca) =>
            Json(new Dictionary<string, object> { ["certificates"] = ca.Ct.AcceptedRoots.Select(r => Convert.ToBase64String(r.RawData)).ToArray() }));
    }

    private static async Task<IResult> AddAsync(HttpContext context, CaRuntime ca, bool precert)
    {
        var body = await RequestBody.ReadAsync(context.Request, MaxChainBytes, context.RequestAborted).ConfigureAwait(false);
        // RFC 6962 §4.1: {"chain": [base64 DER, ...]}.
        List<byte[]> chain;
        using (var doc = StrictJson.Parse(body, "add-chain", ChainLimits))
        {
            chain = JsonField.Root(doc.RootElement, "add-chain").RequireObject().RequiredArray("chain").Items().Select(x => x.GetBase64()).ToList();
        }

        SignedCertificateTimestamp sct;
        try
        {
            sct = precert
                ? await ca.Ct.AddPreChainAsync(chain, context.RequestAborted).ConfigureAwait(false)
                : await ca.Ct.AddChainAsync(chain, context.RequestAborted).ConfigureAwait(false);
        }
        catch (CtLogRejectedException ex)
        {
            throw HttpProblemException.BadRequest(ex.Message);
        }

        return Json(new Dictionary<string, object>
        {
            ["sct_version"] = 0,
            ["id"] = Convert.ToBase64String(sct.LogId),
            ["timestamp"] = sct.Timestamp,
            ["extensions"] = Convert.ToBase64String(sct.Extensions),
            ["signature"] = Convert.ToBase64String(CtLogEntry.DigitallySigned(sct.Signature)),
        });
    }

    private static ulong Query(HttpContext c, string name)
    {
        var v = c.Request.Query[name].ToString();
        return ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw HttpProblemException.BadRequest($"query parameter '{name}' is missing or not a non-negative integer");
    }

    private static byte[] Base64Of(string s, string what)
    {
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException ex)
        {
            throw new SignetFormatException($"{what}: not base64", ex);
        }
    }

    private static IResult Json(Dictionary<string, object> value) => Results.Text(JsonSerializer.Serialize(value), "application/json");
}
