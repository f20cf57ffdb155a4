using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Notes;

namespace Signet.Witness;

/// <summary>A log a witness follows: its checkpoint origin, the key its checkpoints must be signed with, and where it
/// lives (informational; a witness never fetches from a log).</summary>
/// <param name="Origin">The checkpoint origin line that identifies the log (C2SP tlog-checkpoint).</param>
/// <param name="Key">The log's verifier key (signed-note types 0x01 Ed25519 or 0x02 ECDSA).</param>
/// <param name="Url">The log's URL, when the log list names one.</param>
public sealed record WitnessedLog(string Origin, INoteVerifier Key, string? Url = null)
{
    /// <summary>The lowercase hex SHA-256 of the origin: the path segment of the witness's monitoring endpoint
    /// (C2SP tlog-witness §Monitor Retrieval Mechanism).</summary>
    public string OriginHash { get; } = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Origin)));

    /// <summary>Parses <c>ORIGIN=VKEY</c> (the command line's <c>--log</c>). An origin may hold <c>=</c> and spaces, so
    /// the split is at the first <c>=</c> after which a valid verifier key follows.</summary>
    /// <param name="value">The option's value.</param>
    public static WitnessedLog Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        SignetFormatException? last = null;
        for (var eq = value.IndexOf('=', StringComparison.Ordinal); eq > 0; eq = value.IndexOf('=', eq + 1))
        {
            try
            {
                return new WitnessedLog(value[..eq], NoteVerifierKey.Parse(value[(eq + 1)..].Trim()));
            }
            catch (SignetFormatException e)
            {
                last = e;
            }
        }

        throw new SignetFormatException($"--log '{value}': not ORIGIN=VERIFIER_KEY" + (last is null ? "" : $" ({last.Message})"));
    }
}

/// <summary>The logs a witness follows, by origin; an origin may appear once.</summary>
public sealed class WitnessedLogs
{
    private readonly Dictionary<string, WitnessedLog> _byOrigin = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WitnessedLog> _byHash = new(StringComparer.Ordinal);

    /// <summary>The set of <paramref name="logs"/>; throws <see cref="SignetConfigurationException"/> for a repeated origin.</summary>
    /// <param name="logs">The logs.</param>
    public WitnessedLogs(IEnumerable<WitnessedLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        foreach (var log in logs)
        {
            if (!_byOrigin.TryAdd(log.Origin, log))
            {
                throw new SignetConfigurationException($"log '{log.Origin}' is listed twice");
            }

            _byHash[log.OriginHash] = log;
        }
    }

    /// <summary>Every log, in no particular order.</summary>
    public IReadOnlyCollection<WitnessedLog> All => _byOrigin.Values;

    /// <summary>The log of <paramref name="origin"/>, or null.</summary>
    /// <param name="origin">A checkpoint origin.</param>
    public WitnessedLog? ByOrigin(string origin) => _byOrigin.GetValueOrDefault(origin);

    /// <summary>The log whose origin hashes to <paramref name="originHash"/> (lowercase hex), or null.</summary>
    /// <param name="originHash">64 lowercase hex digits.</param>
    public WitnessedLog? ByOriginHash(string originHash) => _byHash.GetValueOrDefault(originHash);
}
