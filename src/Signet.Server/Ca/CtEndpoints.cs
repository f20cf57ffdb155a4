using System.Globalization;
using Signet.Core.Ct;
using Signet.Log.Ct;

namespace Signet.Server.Ca;

/// <summary>RFC 6962 §4 over HTTP: add-chain, add-pre-chain, get-sth, get-sth-consistency, get-proof-by-hash,
/// get-entries, get-roots. Each route reads its request, calls the CT personality (<see cref="CtLog"/>) and writes
/// its JSON (<see cref="CtJson"/>); a refused submission is 400.</summary>
internal static class CtEndpoints
{
    private const int MaxChainBytes = 512 * 1024;

    public static void MapCt(this IEndpointRouteBuilder e)
    {
        e.MapPost("/ct/v1/add-chain", (HttpContext c, CaRuntime ca) => AddAsync(c, ca, precert: false));
        e.MapPost("/ct/v1/add-pre-chain", (HttpContext c, CaRuntime ca) => AddAsync(c, ca, precert: true));
        e.MapGet("/ct/v1/get-sth", (CaRuntime ca) => Json(CtJson.SignedTreeHead(ca.Ct.GetSignedTreeHead())));
        e.MapGet("/ct/v1/get-sth-consistency", async (HttpContext c, CaRuntime ca) =>
            Json(CtJson.Consistency(await ca.Ct.GetConsistencyAsync(Query(c, "first"), Query(c, "second"), c.RequestAborted).ConfigureAwait(false))));
        e.MapGet("/ct/v1/get-proof-by-hash", async (HttpContext c, CaRuntime ca) =>
        {
            var hash = CtJson.ReadBase64(c.Request.Query["hash"].ToString(), "hash");
            var found = await ca.Ct.GetProofByHashAsync(hash, Query(c, "tree_size"), c.RequestAborted).ConfigureAwait(false)
                ?? throw HttpProblemException.NotFound("get-proof-by-hash: no leaf with that hash in the tree of that size");
            return Json(CtJson.ProofByHash(found.Index, found.AuditPath));
        });
        e.MapGet("/ct/v1/get-entries", async (HttpContext c, CaRuntime ca) =>
            Json(CtJson.Entries(await ca.Ct.GetEntriesAsync(Query(c, "start"), Query(c, "end"), c.RequestAborted).ConfigureAwait(false))));
        e.MapGet("/ct/v1/get-roots", (CaRuntime ca) => Json(CtJson.Roots(ca.Ct.AcceptedRoots)));
    }

    private static async Task<IResult> AddAsync(HttpContext context, CaRuntime ca, bool precert)
    {
        var body = await RequestBody.ReadAsync(context.Request, MaxChainBytes, context.RequestAborted).ConfigureAwait(false);
        var chain = CtJson.ReadChain(body);
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

        return Json(CtJson.AddChainResponse(sct));
    }

    private static ulong Query(HttpContext c, string name)
    {
        var v = c.Request.Query[name].ToString();
        return ulong.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw HttpProblemException.BadRequest($"query parameter '{name}' is missing or not a non-negative integer");
    }

    private static IResult Json(string json) => Results.Text(json, "application/json");
}
