using Signet.Core.Notes;

namespace Signet.Log.Witnessing;

/// <summary>What a witness answered to <c>add-checkpoint</c> (C2SP tlog-witness).</summary>
public abstract record WitnessAnswer;

/// <summary>200: the witness's cosignature line(s), not yet verified.</summary>
/// <param name="Lines">The response body: note signature lines.</param>
public sealed record WitnessCosigned(byte[] Lines) : WitnessAnswer;

/// <summary>409: the witness last cosigned a checkpoint of <paramref name="Size"/>; resubmit from there.</summary>
/// <param name="Size">The size in the <c>text/x.tlog.size</c> body.</param>
public sealed record WitnessSizeConflict(ulong Size) : WitnessAnswer;

/// <summary>Sends <c>add-checkpoint</c> requests to one witness. Any other answer, or no answer, is an exception.</summary>
public interface IWitnessClient
{
    /// <summary>Posts <paramref name="request"/> and returns the witness's 200 or 409 answer.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<WitnessAnswer> AddCheckpointAsync(AddCheckpointRequest request, CancellationToken cancellationToken);
}
