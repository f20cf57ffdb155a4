using Signet.Core.Notes;
using Signet.Witness;

namespace Signet.Server.Witness;

/// <summary>
/// The C2SP tlog-witness HTTP interface (submission and monitoring prefix both the root): <c>POST /add-checkpoint</c>
/// answers 200 with the cosignature line, 409 with <c>text/x.tlog.size</c> and the size the witness last cosigned;
/// its other refusals (400, 403, 404, 422) go through <see cref="ProblemMiddleware"/> as problem+json with the
/// status the spec fixes (<see cref="ProblemStatus"/>). <c>GET /&lt;origin hash&gt;/checkpoint</c> serves the latest
/// cosigned checkpoint of a log, or 404.
/// </summary>
public static class WitnessEndpoints
{
    /// <summary>Maps the witness's routes.</summary>
    public static IEndpointRouteBuilder MapWitness(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/add-checkpoint", AddCheckpointAsync);
        endpoints.MapGet("/{originHash}/checkpoint", (TlogWitness witness, string originHash) =>
            witness.LatestCheckpoint(originHash) is { } note
                ? Results.Bytes(note, "text/plain; charset=utf-8")
                : throw HttpProblemException.NotFound($"the witness has cosigned no checkpoint of a log whose origin hashes to {Truncate(originHash)}"));
        return endpoints;
    }

    private static async Task AddCheckpointAsync(HttpContext context, TlogWitness witness)
    {
        var body = await RequestBody.ReadAsync(context.Request, AddCheckpointRequest.MaxBytes, context.RequestAborted).ConfigureAwait(false);
        byte[] answer;
        try
        {
            answer = witness.AddCheckpoint(body);
        }
        catch (WitnessRefusedException e) when (e.Refusal == WitnessRefusal.SizeMismatch)
        {
            // C2SP tlog-witness §add-checkpoint: 409, Content-Type text/x.tlog.size, the latest size and a newline.
            await WriteAsync(context, StatusCodes.Status409Conflict, AddCheckpointRequest.SizeMediaType, AddCheckpointRequest.FormatSize(e.LatestSize)).ConfigureAwait(false);
            return;
        }

        await WriteAsync(context, StatusCodes.Status200OK, "text/plain; charset=utf-8", answer).ConfigureAwait(false);
    }

    private static Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
