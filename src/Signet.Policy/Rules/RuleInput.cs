using System.Security.Cryptography;
using System.Text.Json;
using Signet.Core;
using Signet.Core.Verification;

namespace Signet.Policy.Rules;

/// <summary>
/// What a rule sees of a verified attestation: <c>statement</c> (the whole in-toto statement), <c>predicate</c> and
/// <c>predicateType</c> (its parts), <c>subject</c> (its subject list) and <c>artifact</c> (the verified artifact's
/// digests, <c>{"sha256": "HEX", …}</c>). JSON numbers become CEL ints when integral and doubles otherwise.
/// </summary>
public sealed class RuleInput
{
    private RuleInput(IDictionary<string, object?> variables)
    {
        Variables = variables;
    }

    internal IDictionary<string, object?> Variables { get; }

    /// <summary>Builds the variables from a verified statement's JSON and the digests the artifact was verified by.</summary>
    /// <exception cref="SignetFormatException">The statement is not a JSON object.</exception>
    public static RuleInput From(ReadOnlySpan<byte> statementJson, IEnumerable<(HashAlgorithmName Algorithm, byte[] Digest)> artifactDigests)
    {
        ArgumentNullException.ThrowIfNull(artifactDigests);
        object? statement;
        try
        {
            var reader = new Utf8JsonReader(statementJson, new JsonReaderOptions { MaxDepth = 64 });
            using var doc = JsonDocument.ParseValue(ref reader);
            statement = CelValues.From(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new SignetFormatException($"statement: not valid JSON ({e.Message})", e);
        }

        if (statement is not Dictionary<string, object?> s)
        {
            throw new SignetFormatException("statement: not a JSON object");
        }

        var artifact = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (algorithm, digest) in artifactDigests)
        {
            artifact[algorithm.Name!.ToLowerInvariant()] = Convert.ToHexStringLower(digest);
        }

        return new RuleInput(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["statement"] = s,
            ["predicate"] = s.GetValueOrDefault("predicate") ?? new Dictionary<string, object?>(),
            ["predicateType"] = s.GetValueOrDefault("predicateType"),
            ["subject"] = s.GetValueOrDefault("subject") ?? new List<object?>(),
            ["artifact"] = artifact,
        });
    }

    /// <summary>The input for a verification result with a statement, about <paramref name="artifact"/>.</summary>
    /// <exception cref="SignetFormatException">The result carries no statement (a message signature).</exception>
    public static RuleInput From(VerificationResult verified, Artifact artifact)
    {
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(artifact);
        var statement = verified.Statement ?? throw new SignetFormatException("rules apply to attestations; the bundle holds a message signature");
        return From(statement.Payload, artifact.KnownDigests());
    }
}

/// <summary>JSON to the values the Cel package evaluates: maps, lists, strings, long/double, bool, null.</summary>
internal static class CelValues
{
    public static object? From(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (d, p) =>
        {
            d[p.Name] = From(p.Value);
            return d;
        }),
        JsonValueKind.Array => e.EnumerateArray().Select(From).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
