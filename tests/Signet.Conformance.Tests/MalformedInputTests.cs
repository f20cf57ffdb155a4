using System.Text;
using System.Text.Json.Nodes;
using Signet.Core;
using Signet.Core.Bundles;

namespace Signet.Conformance.Tests;

/// <summary>
/// Malformed bundles, trust roots and artifacts beyond the conformance cases: each must exit with the
/// invalid-input code (3) and one line naming the field, and the library must throw SignetFormatException.
/// </summary>
public sealed class MalformedInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-malformed-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonObject HappyV3() => JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceCases.Dir("happy-path-v0.3"), "bundle.sigstore.json")))!.AsObject();

    private static JsonObject HappyV1() => JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceCases.Dir("happy-path-v0.1"), "bundle.sigstore.json")))!.AsObject();

    private static JsonObject Entry(JsonObject b) => b["verificationMaterial"]!["tlogEntries"]![0]!.AsObject();

    public static IEnumerable<object[]> BundleForms()
    {
        // name, mutation producing the bundle text, text the error line must contain
        yield return Form("empty file", _ => string.Empty, "empty input");
        yield return Form("not JSON", _ => "hello, world", "not valid JSON");
        yield return Form("truncated JSON", b => b.ToJsonString()[..500], "not valid JSON");
        yield return Form("array instead of object", _ => "[1,2,3]", "bundle: expected a JSON object");
        yield return Form("mediaType missing", b => { b.Remove("mediaType"); return b.ToJsonString(); }, "bundle.mediaType: missing");
        yield return Form("mediaType a number", b => { b["mediaType"] = 3; return b.ToJsonString(); }, "bundle.mediaType: expected a string");
        yield return Form("unknown media type", b => { b["mediaType"] = "application/vnd.dev.sigstore.bundle.v9.9+json"; return b.ToJsonString(); }, "bundle.mediaType: unsupported");
        yield return Form("verificationMaterial missing", b => { b.Remove("verificationMaterial"); return b.ToJsonString(); }, "bundle.verificationMaterial: missing");
        yield return Form("verificationMaterial a string", b => { b["verificationMaterial"] = "x"; return b.ToJsonString(); }, "bundle.verificationMaterial: expected a JSON object");
        yield return Form("both contents", b => { b["dsseEnvelope"] = new JsonObject { ["payload"] = "", ["payloadType"] = "x" }; return b.ToJsonString(); }, "exactly one of messageSignature and dsseEnvelope");
        yield return Form("no content", b => { b.Remove("messageSignature"); return b.ToJsonString(); }, "exactly one of messageSignature and dsseEnvelope");
        yield return Form("signature bad base64", b => { b["messageSignature"]!["signature"] = "@@not base64@@"; return b.ToJsonString(); }, "bundle.messageSignature.signature: not valid base64");
        yield return Form("signature a number", b => { b["messageSignature"]!["signature"] = 12; return b.ToJsonString(); }, "bundle.messageSignature.signature: expected a string");
        yield return Form("certificate bad base64", b => { b["verificationMaterial"]!["certificate"]!["rawBytes"] = "a"; return b.ToJsonString(); }, "certificate.rawBytes: not valid base64");
        yield return Form("certificate truncated DER", b =>
        {
            var der = Convert.FromBase64String((string)b["verificationMaterial"]!["certificate"]!["rawBytes"]!);
            b["verificationMaterial"]!["certificate"]!["rawBytes"] = Convert.ToBase64String(der[..100]);
            return b.ToJsonString();
        }, "bundle signing certificate: not a DER certificate");
        yield return Form("two verification materials", b => { b["verificationMaterial"]!["publicKey"] = new JsonObject { ["hint"] = "x" }; return b.ToJsonString(); }, "exactly one of publicKey, x509CertificateChain and certificate");
        yield return Form("chain in a v0.3 bundle", b =>
        {
            var vm = b["verificationMaterial"]!.AsObject();
            var cert = vm["certificate"]!.DeepClone();
            vm.Remove("certificate");
            vm["x509CertificateChain"] = new JsonObject { ["certificates"] = new JsonArray(cert) };
            return b.ToJsonString();
        }, "x509CertificateChain: not allowed in a v0.3 bundle");
        yield return Form("logIndex not a number", b => { Entry(b)["logIndex"] = "abc"; return b.ToJsonString(); }, "tlogEntries[0].logIndex: expected a 64-bit integer");
        yield return Form("logIndex an object", b => { Entry(b)["logIndex"] = new JsonObject(); return b.ToJsonString(); }, "tlogEntries[0].logIndex: expected a 64-bit integer");
        yield return Form("logIndex overflows int64", b => { Entry(b)["logIndex"] = "99999999999999999999999"; return b.ToJsonString(); }, "tlogEntries[0].logIndex: expected a 64-bit integer");
        yield return Form("kindVersion missing", b => { Entry(b).Remove("kindVersion"); return b.ToJsonString(); }, "tlogEntries[0].kindVersion: missing");
        yield return Form("logId too long", b => { Entry(b)["logId"]!["keyId"] = Convert.ToBase64String(new byte[100]); return b.ToJsonString(); }, "tlogEntries[0].logId.keyId");
        yield return Form("absurd number of tlog entries", b =>
        {
            var arr = new JsonArray();
            for (var i = 0; i < 2000; i++)
            {
                arr.Add(new JsonObject());
            }

            b["verificationMaterial"]!["tlogEntries"] = arr;
            return b.ToJsonString();
        }, "tlogEntries: too many elements");
        yield return Form("too many proof hashes", b =>
        {
            var hashes = new JsonArray();
            for (var i = 0; i < 65; i++)
            {
                hashes.Add(Convert.ToBase64String(new byte[32]));
            }

            Entry(b)["inclusionProof"]!["hashes"] = hashes;
            return b.ToJsonString();
        }, "inclusionProof.hashes: 65 hashes");
        yield return Form("proof hash wrong size", b => { Entry(b)["inclusionProof"]!["hashes"]![0] = Convert.ToBase64String(new byte[31]); return b.ToJsonString(); }, "inclusionProof.hashes[0]: 31 bytes");
        yield return Form("rootHash wrong size", b => { Entry(b)["inclusionProof"]!["rootHash"] = "AAAA"; return b.ToJsonString(); }, "inclusionProof.rootHash: 3 bytes");
        yield return Form("treeSize zero", b => { Entry(b)["inclusionProof"]!["treeSize"] = "0"; return b.ToJsonString(); }, "inclusionProof.treeSize: must be positive");
        yield return Form("body not JSON", b => { Entry(b)["canonicalizedBody"] = Convert.ToBase64String("{not json"u8.ToArray()); return b.ToJsonString(); }, "canonicalizedBody: not valid JSON");
        yield return Form("body spec missing", b => { Entry(b)["canonicalizedBody"] = Convert.ToBase64String("""{"apiVersion":"0.0.1","kind":"hashedrekord"}"""u8.ToArray()); return b.ToJsonString(); }, "canonicalizedBody.spec: missing");
        yield return Form("digest algorithm unknown", b => { b["messageSignature"]!["messageDigest"]!["algorithm"] = "MD5"; return b.ToJsonString(); }, "messageDigest.algorithm: unknown hash algorithm");
        yield return Form("digest wrong length", b => { b["messageSignature"]!["messageDigest"]!["digest"] = "AAAA"; return b.ToJsonString(); }, "messageDigest.digest: 3 bytes");
        yield return Form("timestamp not DER", b =>
        {
            b["verificationMaterial"]!["timestampVerificationData"] = new JsonObject { ["rfc3161Timestamps"] = new JsonArray(new JsonObject { ["signedTimestamp"] = "AAECAwQ=" }) };
            return b.ToJsonString();
        }, "timestamp 0: not a DER TimeStampResp");
        yield return Form("deeply nested JSON", _ => new string('[', 5000) + new string(']', 5000), "not valid JSON");
        yield return Form("lone surrogate in a string", b => b.ToJsonString().Replace("\"mediaType\":\"", "\"mediaType\":\"\\ud800", StringComparison.Ordinal), "bundle.mediaType: not valid Unicode");
        yield return Form("lone surrogate in a member name", b => b.ToJsonString().Replace("\"tlogEntries\":", "\"\\udc00\":0,\"tlogEntries\":", StringComparison.Ordinal), "bundle.verificationMaterial: a member name is not valid Unicode");
        yield return Form("duplicate member name", b => "{\"mediaType\":\"x\"," + b.ToJsonString()[1..], "Duplicate property 'mediaType'");
        yield return Form("empty certificate chain", _ =>
        {
            var b = HappyV1();
            b["verificationMaterial"]!["x509CertificateChain"]!["certificates"] = new JsonArray();
            return b.ToJsonString();
        }, "x509CertificateChain.certificates: empty");
        yield return Form("checkpoint without signature", b =>
        {
            var cp = (string)Entry(b)["inclusionProof"]!["checkpoint"]!["envelope"]!;
            Entry(b)["inclusionProof"]!["checkpoint"]!["envelope"] = cp[..(cp.IndexOf("\n\n", StringComparison.Ordinal) + 1)];
            return b.ToJsonString();
        }, "tlogEntries[0]: inclusionProof.checkpoint.envelope: note: no blank line");
    }

    private static object[] Form(string name, Func<JsonObject, string> make, string expected) => [name, make, expected];

    [Theory]
    [MemberData(nameof(BundleForms))]
    public void Malformed_bundle_exits_with_invalid_input_naming_the_field(string name, Func<JsonObject, string> make, string expected)
    {
        var text = make(HappyV3());
        var path = Path.Combine(_dir, "bundle.json");
        File.WriteAllText(path, text);
        var (exit, err) = RunVerify(path, trustedRoot: null);
        Assert.True(exit == 3, $"{name}: exit {exit}: {err}");
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_library_throws_the_format_exception_for_every_unparseable_form()
    {
        var count = 0;
        foreach (var f in BundleForms())
        {
            var text = ((Func<JsonObject, string>)f[1])(HappyV3());
            try
            {
                Bundle.Parse(Encoding.UTF8.GetBytes(text));
            }
            catch (SignetFormatException e)
            {
                Assert.Contains((string)f[2], e.Message, StringComparison.Ordinal);
                count++;
            }
        }

        // The remaining forms parse and are rejected as malformed later (DER, body, timestamp, checkpoint).
        Assert.True(count >= 25, $"only {count} forms rejected at parse time");
    }

    public static IEnumerable<object[]> TrustRootForms()
    {
        yield return TrustForm("not JSON", _ => "{{{", "trustedRoot: not valid JSON");
        yield return TrustForm("unknown media type", r => { r["mediaType"] = "application/vnd.dev.sigstore.trustedroot.v9+json"; return r.ToJsonString(); }, "trustedRoot.mediaType: unsupported");
        yield return TrustForm("tlogs an object", r => { r["tlogs"] = new JsonObject(); return r.ToJsonString(); }, "trustedRoot.tlogs: expected an array");
        yield return TrustForm("tlog key garbage", r => { r["tlogs"]![0]!["publicKey"]!["rawBytes"] = "AAAA"; return r.ToJsonString(); }, "trustedRoot.tlogs[0].publicKey.rawBytes");
        yield return TrustForm("validFor without start", r => { r["tlogs"]![0]!["publicKey"]!["validFor"] = new JsonObject(); return r.ToJsonString(); }, "trustedRoot.tlogs[0].publicKey.validFor.start: missing");
        yield return TrustForm("validFor not a timestamp", r => { r["tlogs"]![0]!["publicKey"]!["validFor"]!["start"] = "yesterday"; return r.ToJsonString(); }, "validFor.start: not an RFC 3339 timestamp");
        yield return TrustForm("CA certificate truncated", r =>
        {
            var c = r["certificateAuthorities"]![0]!["certChain"]!["certificates"]![0]!;
            c["rawBytes"] = Convert.ToBase64String(Convert.FromBase64String((string)c["rawBytes"]!)[..50]);
            return r.ToJsonString();
        }, "trustedRoot.certificateAuthorities[0].certChain.certificates[0]");
        yield return TrustForm("CA chain empty", r => { r["certificateAuthorities"]![0]!["certChain"]!["certificates"] = new JsonArray(); return r.ToJsonString(); }, "certChain.certificates: empty");
    }

    private static object[] TrustForm(string name, Func<JsonObject, string> make, string expected) => [name, make, expected];

    [Theory]
    [MemberData(nameof(TrustRootForms))]
    public void Malformed_trusted_root_exits_with_invalid_input_naming_the_field(string name, Func<JsonObject, string> make, string expected)
    {
        var root = JsonNode.Parse(File.ReadAllText(ConformanceCases.ProductionTrustedRoot))!.AsObject();
        var path = Path.Combine(_dir, "root.json");
        File.WriteAllText(path, make(root));
        var (exit, err) = RunVerify(Path.Combine(ConformanceCases.Dir("happy-path-v0.3"), "bundle.sigstore.json"), path);
        Assert.True(exit == 3, $"{name}: exit {exit}: {err}");
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha256:zz", "artifact digest: not hexadecimal")]
    [InlineData("sha256:abcd", "artifact digest: 2 bytes")]
    [InlineData("md5:abcd", "does not exist")]
    public void Malformed_artifact_digest_is_invalid_input(string artifact, string expected)
    {
        var args = ConformanceProtocol.Arguments("happy-path-v0.3", useDigest: false);
        args[^1] = artifact;
        var (exit, err) = ConformanceVerifyTests.Run(args);
        Assert.Equal(3, exit);
        Assert.Contains(expected, err, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurdly_large_bundle_is_refused_before_reading()
    {
        var path = Path.Combine(_dir, "huge.json");
        using (var f = File.Create(path))
        {
            f.SetLength(Bundle.MaxSize + 1L);
        }

        var (exit, err) = RunVerify(path, null);
        Assert.Equal(3, exit);
        Assert.Contains("too large", err, StringComparison.Ordinal);
    }

    private static (int, string) RunVerify(string bundle, string? trustedRoot)
    {
        var args = ConformanceProtocol.Arguments("happy-path-v0.3", useDigest: false).ToList();
        args[args.IndexOf("--bundle") + 1] = bundle;
        if (trustedRoot is not null)
        {
            args.InsertRange(1, ["--trusted-root", trustedRoot]);
        }

        return ConformanceVerifyTests.Run(args.ToArray());
    }
}
