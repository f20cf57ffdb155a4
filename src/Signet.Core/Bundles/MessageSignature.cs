using System.Text.Json;
using Signet.Core.Json;

namespace Signet.Core.Bundles;

/// <summary>
/// protobuf-specs <c>MessageSignature</c>: a signature over the artifact's bytes, with an optional digest of the
/// artifact (an unauthenticated hint, checked for consistency by the verifier).
/// </summary>
public sealed record MessageSignature(HashOutput? MessageDigest, byte[] Signature)
{
    internal static MessageSignature Read(JsonField e)
    {
        var d = e.OptionalObject("messageDigest");
        var sig = e.RequiredBytes("signature");
        if (sig.Length == 0)
        {
            throw new SignetFormatException($"{e.Path}.signature: empty");
        }

        return new MessageSignature(d is null ? null : HashOutput.Read(d.Value), sig);
    }

    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject("messageSignature");
        if (MessageDigest is not null)
        {
            w.WriteStartObject("messageDigest");
            w.WriteString("algorithm", MessageDigest.Algorithm);
            ProtobufJson.WriteBytes(w, "digest", MessageDigest.Digest);
            w.WriteEndObject();
        }

        ProtobufJson.WriteBytes(w, "signature", Signature);
        w.WriteEndObject();
    }
}

/// <summary>protobuf-specs <c>HashOutput</c>: algorithm by enum name (e.g. <c>SHA2_256</c>) and the digest bytes.</summary>
public sealed record HashOutput(string Algorithm, byte[] Digest)
{
    /// <summary>protobuf-specs' <c>HashAlgorithm</c> name of SHA-256, SHA-384 or SHA-512 (<c>SHA2_256</c>, …).</summary>
    /// <exception cref="ArgumentException">Another hash.</exception>
    public static string NameOf(System.Security.Cryptography.HashAlgorithmName hash) => hash.Name switch
    {
        "SHA256" => "SHA2_256",
        "SHA384" => "SHA2_384",
        "SHA512" => "SHA2_512",
        _ => throw new ArgumentException($"a message digest is SHA-256, SHA-384 or SHA-512, not {hash.Name}", nameof(hash)),
    };

    internal static HashOutput Read(JsonField e)
    {
        var alg = e.OptionalString("algorithm") ?? "HASH_ALGORITHM_UNSPECIFIED";
        var digest = e.RequiredBytes("digest");
        var expected = alg switch
        {
            "SHA2_256" or "SHA3_256" => 32,
            "SHA2_384" or "SHA3_384" => 48,
            "SHA2_512" => 64,
            _ => throw new SignetFormatException($"{e.Path}.algorithm: unknown hash algorithm '{MediaTypes.Truncate(alg)}'"),
        };
        if (digest.Length != expected)
        {
            throw new SignetFormatException($"{e.Path}.digest: {digest.Length} bytes, {alg} needs {expected}");
        }

        return new HashOutput(alg, digest);
    }
}
