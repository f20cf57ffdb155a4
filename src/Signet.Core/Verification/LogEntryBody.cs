using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signet.Core.Bundle;
using Signet.Core.Encoding;

namespace Signet.Core.Verification;

/// <summary>The key material a log entry names: a certificate (DER) or a public key (SPKI DER).</summary>
internal sealed record EntryVerifier(byte[]? CertificateDer, byte[]? PublicKeySpki)
{
    public bool Matches(byte[]? leafDer, byte[]? spki)
        => leafDer is not null
            ? CertificateDer is not null && CertificateDer.AsSpan().SequenceEqual(leafDer)
            : spki is not null && PublicKeySpki is not null && PublicKeySpki.AsSpan().SequenceEqual(spki);

    /// <summary>Rekor v1 stores a PEM (certificate or public key), base64-encoded in the body.</summary>
    public static EntryVerifier FromPem(byte[] pemBytes, string path)
    {
        var blocks = Pem.DecodeAll(System.Text.Encoding.UTF8.GetString(pemBytes));
        if (blocks.Count == 0)
        {
            throw new SignetFormatException($"{path}: no PEM block");
        }

        return blocks[0].Label switch
        {
            "CERTIFICATE" => new EntryVerifier(blocks[0].Der, null),
            "PUBLIC KEY" => new EntryVerifier(null, blocks[0].Der),
            _ => throw new SignetFormatException($"{path}: unexpected PEM block '{blocks[0].Label}'"),
        };
    }
}

/// <summary>One signature recorded in a DSSE-type entry, with the key material it names.</summary>
internal sealed record EntrySignature(byte[] Signature, EntryVerifier Verifier);

/// <summary>
/// The claims of a Rekor entry body (the canonicalized body of a bundle's tlog entry), read per kind and API version:
/// hashedrekord 0.0.1 / 0.0.2 (rekor pkg/types/hashedrekord; rekor-tiles entry.proto), dsse 0.0.1, intoto 0.0.1 /
/// 0.0.2 (rekor pkg/types/dsse, intoto). Only what verification compares is kept.
/// </summary>
internal sealed record LogEntryBody(
    string Kind,
    string ApiVersion,
    HashAlgorithmName? DigestAlgorithm,
    byte[]? Digest,
    IReadOnlyList<EntrySignature> Signatures,
    byte[]? PayloadHash,
    byte[]? Payload,
    string? PayloadType)
{
    public static LogEntryBody Parse(byte[] body, KindVersion expected, string path)
    {
        using var doc = ProtoJson.ParseDocument(body, path);
        var root = doc.RootElement;
        ProtoJson.RequireObject(root, path);
        var kind = ProtoJson.RequiredString(root, "kind", path);
        var version = ProtoJson.RequiredString(root, "apiVersion", path);
        if (kind != expected.Kind || version != expected.Version)
        {
            throw new VerificationException(
                VerificationErrorCode.TransparencyLogEntryMismatch,
                $"log entry body is {kind} {version} but the bundle says {expected.Kind} {expected.Version}");
        }

        var spec = ProtoJson.RequiredObject(root, "spec", path);
        var sp = $"{path}.spec";
        return (kind, version) switch
        {
            ("hashedrekord", "0.0.1") => HashedRekordV001(spec, sp),
            ("hashedrekord", "0.0.2") => HashedRekordV002(spec, sp),
            ("dsse", "0.0.1") => DsseV001(spec, sp),
            ("intoto", "0.0.1") => IntotoV001(spec, sp),
            ("intoto", "0.0.2") => IntotoV002(spec, sp),
            _ => throw new VerificationException(
                VerificationErrorCode.TransparencyLogEntryMismatch,
                $"log entry kind {MediaTypes.Truncate(kind)} {MediaTypes.Truncate(version)} is not supported"),
        };
    }

    // {"data":{"hash":{"algorithm":"sha256","value":HEX}},"signature":{"content":B64,"publicKey":{"content":B64(PEM)}}}
    private static LogEntryBody HashedRekordV001(JsonElement spec, string path)
    {
        var hash = ProtoJson.RequiredObject(ProtoJson.RequiredObject(spec, "data", path), "hash", $"{path}.data");
        var (alg, digest) = HexHash(hash, $"{path}.data.hash");
        var sig = ProtoJson.RequiredObject(spec, "signature", path);
        var content = ProtoJson.RequiredBytes(sig, "content", $"{path}.signature");
        var pem = ProtoJson.RequiredBytes(ProtoJson.RequiredObject(sig, "publicKey", $"{path}.signature"), "content", $"{path}.signature.publicKey");
        return new LogEntryBody("hashedrekord", "0.0.1", alg, digest, [new EntrySignature(content, EntryVerifier.FromPem(pem, $"{path}.signature.publicKey.content"))], null, null, null);
    }

    // {"hashedRekordV002":{"data":{"algorithm":"SHA2_256","digest":B64},"signature":{"content":B64,"verifier":{...}}}}
    private static LogEntryBody HashedRekordV002(JsonElement spec, string path)
    {
        var v = ProtoJson.RequiredObject(spec, "hashedRekordV002", path);
        var p = $"{path}.hashedRekordV002";
        var data = HashOutput.Read(ProtoJson.RequiredObject(v, "data", p), $"{p}.data");
        var alg = data.Algorithm switch
        {
            "SHA2_256" => HashAlgorithmName.SHA256,
            "SHA2_384" => HashAlgorithmName.SHA384,
            "SHA2_512" => HashAlgorithmName.SHA512,
            _ => throw new SignetFormatException($"{p}.data.algorithm: unsupported '{data.Algorithm}'"),
        };
        var sig = ProtoJson.RequiredObject(v, "signature", p);
        var content = ProtoJson.RequiredBytes(sig, "content", $"{p}.signature");
        var verifier = ProtoJson.RequiredObject(sig, "verifier", $"{p}.signature");
        var vp = $"{p}.signature.verifier";
        var cert = ProtoJson.OptionalObject(verifier, "x509Certificate", vp);
        var key = ProtoJson.OptionalObject(verifier, "publicKey", vp);
        if (cert is null == key is null)
        {
            throw new SignetFormatException($"{vp}: exactly one of x509Certificate and publicKey must be set");
        }

        var ev = cert is not null
            ? new EntryVerifier(ProtoJson.RequiredBytes(cert.Value, "rawBytes", $"{vp}.x509Certificate"), null)
            : new EntryVerifier(null, ProtoJson.RequiredBytes(key!.Value, "rawBytes", $"{vp}.publicKey"));
        return new LogEntryBody("hashedrekord", "0.0.2", alg, data.Digest, [new EntrySignature(content, ev)], null, null, null);
    }

    // {"envelopeHash":{...},"payloadHash":{"algorithm":"sha256","value":HEX},"signatures":[{"signature":B64,"verifier":B64(PEM)}]}
    private static LogEntryBody DsseV001(JsonElement spec, string path)
    {
        var (_, payloadHash) = HexHash(ProtoJson.RequiredObject(spec, "payloadHash", path), $"{path}.payloadHash");
        var sigs = ProtoJson.Array(spec, "signatures", path, (s, p) =>
        {
            ProtoJson.RequireObject(s, p);
            var sig = ProtoJson.RequiredBytes(s, "signature", p);
            var pem = ProtoJson.RequiredBytes(s, "verifier", p);
            return new EntrySignature(sig, EntryVerifier.FromPem(pem, $"{p}.verifier"));
        });
        return new LogEntryBody("dsse", "0.0.1", null, null, sigs, payloadHash, null, null);
    }

    // {"content":{"hash":{...},"payloadHash":{...}},"publicKey":B64(PEM)}
    private static LogEntryBody IntotoV001(JsonElement spec, string path)
    {
        var content = ProtoJson.RequiredObject(spec, "content", path);
        var (_, payloadHash) = HexHash(ProtoJson.RequiredObject(content, "payloadHash", $"{path}.content"), $"{path}.content.payloadHash");
        var pem = ProtoJson.RequiredBytes(spec, "publicKey", path);
        return new LogEntryBody("intoto", "0.0.1", null, null, [new EntrySignature([], EntryVerifier.FromPem(pem, $"{path}.publicKey"))], payloadHash, null, null);
    }

    // {"content":{"envelope":{"payload":B64(B64),"payloadType":..,"signatures":[{"publicKey":B64(PEM),"sig":B64(B64)}]},
    //  "hash":{...},"payloadHash":{...}}} — rekor's intoto v0.0.2 stores payload and sig base64-encoded twice.
    private static LogEntryBody IntotoV002(JsonElement spec, string path)
    {
        var content = ProtoJson.RequiredObject(spec, "content", path);
        var cp = $"{path}.content";
        var (_, payloadHash) = HexHash(ProtoJson.RequiredObject(content, "payloadHash", cp), $"{cp}.payloadHash");
        var env = ProtoJson.RequiredObject(content, "envelope", cp);
        var ep = $"{cp}.envelope";
        var payload = ProtoJson.OptionalBytes(env, "payload", ep);
        var sigs = ProtoJson.Array(env, "signatures", ep, (s, p) =>
        {
            ProtoJson.RequireObject(s, p);
            var sig = InnerBase64(ProtoJson.RequiredBytes(s, "sig", p), $"{p}.sig", "signature");
            var pem = ProtoJson.RequiredBytes(s, "publicKey", p);
            return new EntrySignature(sig, EntryVerifier.FromPem(pem, $"{p}.publicKey"));
        });
        return new LogEntryBody(
            "intoto",
            "0.0.2",
            null,
            null,
            sigs,
            payloadHash,
            payload is null ? null : InnerBase64(payload, $"{ep}.payload", "payload"),
            ProtoJson.OptionalString(env, "payloadType", ep));
    }

    /// <summary>
    /// Rekor intoto 0.0.2 stores the envelope's sig and payload base64-encoded twice. The outer layer is the body's
    /// JSON encoding (malformed → format error); an inner value that is not base64 is well-formed content that cannot
    /// be this bundle's envelope, so it is a mismatch of the entry, not bad input.
    /// </summary>
    private static byte[] InnerBase64(byte[] outer, string path, string what)
    {
        try
        {
            return ProtoJson.DecodeBase64(System.Text.Encoding.UTF8.GetString(outer), path);
        }
        catch (SignetFormatException e)
        {
            throw new VerificationException(
                VerificationErrorCode.TransparencyLogEntryMismatch,
                $"log entry does not match the bundle: {path} is not a base64-encoded {what} ({e.Message})",
                e);
        }
    }

    private static (HashAlgorithmName Algorithm, byte[] Digest) HexHash(JsonElement hash, string path)
    {
        var alg = ProtoJson.RequiredString(hash, "algorithm", path) switch
        {
            "sha256" => HashAlgorithmName.SHA256,
            "sha384" => HashAlgorithmName.SHA384,
            "sha512" => HashAlgorithmName.SHA512,
            var other => throw new SignetFormatException($"{path}.algorithm: unsupported '{MediaTypes.Truncate(other)}'"),
        };
        var value = ProtoJson.RequiredString(hash, "value", path);
        byte[] digest;
        try
        {
            digest = Convert.FromHexString(value);
        }
        catch (FormatException e)
        {
            throw new SignetFormatException($"{path}.value: not hexadecimal", e);
        }

        if (digest.Length != Artifact.HashLength(alg))
        {
            throw new SignetFormatException($"{path}.value: {digest.Length} bytes, {alg.Name} needs {Artifact.HashLength(alg)}");
        }

        return (alg, digest);
    }
}
