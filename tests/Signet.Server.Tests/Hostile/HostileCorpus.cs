using System.Text;

namespace Signet.Server.Tests.Hostile;

/// <summary>
/// The malformed-input corpus for <c>signet serve</c>: every JSON endpoint gets every <see cref="JsonMutations"/>
/// of a plausible request; the binary and form endpoints their own broken bodies; then headers that lie about the
/// body, hostile paths and query strings over every GET route. Grow it with every new endpoint or parser.
/// </summary>
public static class HostileCorpus
{
    private const string B64 = "MEUCIQDx";
    private const string Hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The JSON endpoints and a request each, with the marked string (§) in a field the server reads.</summary>
    public static readonly IReadOnlyList<(string Path, string Template)> JsonEndpoints =
    [
        ("/api/v2/signingCert", "{\"credentials\":{\"oidcIdentityToken\":\"§\"},\"publicKeyRequest\":{\"publicKey\":{\"algorithm\":\"ECDSA\",\"content\":\"" + B64 + "\"},\"proofOfPossession\":\"" + B64 + "\"}}"),
        ("/api/v2/signingCert#csr", "{\"credentials\":{\"oidcIdentityToken\":\"t\"},\"certificateSigningRequest\":\"§\"}"),
        ("/ct/v1/add-chain", "{\"chain\":[\"§\",\"" + B64 + "\"]}"),
        ("/ct/v1/add-pre-chain", "{\"chain\":[\"§\"]}"),
        ("/api/v1/log/entries", "{\"kind\":\"§\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"content\":\"" + B64 + "\",\"publicKey\":{\"content\":\"" + B64 + "\"}},\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + Hash + "\"}}}}"),
        ("/api/v1/log/entries#spec", "{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":{\"signature\":{\"content\":\"§\",\"publicKey\":{\"content\":\"" + B64 + "\"}},\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + Hash + "\"}}}}"),
        ("/api/v1/log/entries#dsse", "{\"kind\":\"dsse\",\"apiVersion\":\"0.0.1\",\"spec\":{\"proposedContent\":{\"envelope\":\"§\",\"verifiers\":[\"" + B64 + "\"]}}}"),
        ("/api/v1/log/entries/retrieve", "{\"entryUUIDs\":[\"§\"]}"),
        ("/api/v1/log/entries/retrieve#index", "{\"logIndexes\":[0,1],\"entries\":[{\"kind\":\"§\"}]}"),
        ("/api/v1/index/retrieve", "{\"hash\":\"§\",\"publicKey\":{\"format\":\"x509\",\"content\":\"" + B64 + "\"},\"email\":\"a@b.c\"}"),
        ("/api/v2/log/entries", "{\"hashedRekordRequestV002\":{\"digest\":\"§\",\"signature\":{\"content\":\"" + B64 + "\",\"verifier\":{\"publicKey\":{\"rawBytes\":\"" + B64 + "\"},\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\"}}}}"),
        ("/api/v2/log/entries#dsse", "{\"dsseRequestV002\":{\"envelope\":{\"payload\":\"§\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"" + B64 + "\",\"keyid\":\"\"}]},\"verifiers\":[]}}"),
        ("/api/v1/timestamp#json", "{\"artifactHash\":\"§\",\"hashAlgorithm\":\"sha256\",\"certificates\":true,\"nonce\":1}"),
    ];

    /// <summary>Every GET route, with a plausible query where it takes one.</summary>
    public static readonly IReadOnlyList<string> GetRoutes =
    [
        "/healthz", "/api/v2/trustBundle", "/api/v2/configuration",
        "/ct/v1/get-sth", "/ct/v1/get-sth-consistency?first=0&second=1", "/ct/v1/get-proof-by-hash?hash=AAAA&tree_size=1",
        "/ct/v1/get-entries?start=0&end=0", "/ct/v1/get-roots",
        "/api/v1/log", "/api/v1/log/publicKey", "/api/v1/log/proof?firstSize=1&lastSize=1", "/api/v1/log/entries?logIndex=0",
        "/api/v1/log/entries/" + Hash, "/api/v2/checkpoint", "/api/v2/tile/0/000", "/api/v2/tile/entries/000",
        "/api/v1/timestamp/certchain", "/tuf/root.json", "/tuf/1.root.json", "/tuf/timestamp.json", "/tuf/targets/trusted_root.json",
        "/oidc/.well-known/openid-configuration", "/oidc/jwks", "/oidc/auth?client_id=sigstore&redirect_uri=http://localhost/cb&response_type=code",
        "/oidc/device?user_code=ABCD", "/explorer", "/explorer/entries/0", "/explorer/app.js", "/metrics",
    ];

    public static IReadOnlyDictionary<string, HostileRequest> All { get; } = Build().ToDictionary(c => c.Id);

    private static IEnumerable<HostileRequest> Build() =>
        JsonBodies().Concat(BinaryBodies()).Concat(Forms()).Concat(Headers()).Concat(Paths()).Concat(Queries()).Concat(Metrics());

    private static IEnumerable<HostileRequest> JsonBodies()
    {
        foreach (var (route, template) in JsonEndpoints)
        {
            var path = route.Split('#')[0];
            foreach (var (name, body) in JsonMutations.Of(template))
            {
                yield return new($"body {route} {name}", "POST", path, body, "application/json");
            }
        }
    }

    private static IEnumerable<HostileRequest> BinaryBodies()
    {
        // RFC 3161 TimeStampReq (DER) and its breakages.
        byte[] query = Convert.FromHexString("3039020101303130" + "0d060960864801650304020105000420" + Hash + "0208" + "0102030405060708" + "0101ff");
        var bodies = new List<(string, byte[])>
        {
            ("empty", []), ("garbage", Encoding.ASCII.GetBytes("not a timestamp query")), ("truncated", query[..20]),
            ("length-overflow", [0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01]), ("indefinite-length", [0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00]),
            ("deep-nesting", [.. Enumerable.Repeat(new byte[] { 0x30, 0x80 }, 5000).SelectMany(b => b)]),
            ("wrong-version", [.. query[..4], 0x09, .. query[5..]]), ("trailing-bytes", [.. query, 0x00, 0x00]),
            ("huge-nonce", Convert.FromHexString("3081b2020101303130" + "0d060960864801650304020105000420" + Hash + "028180" + new string('7', 256))),
            ("bad-hash-length", Convert.FromHexString("3019020101301430" + "0d06096086480165030402010500" + "0403010203")),
            ("unknown-oid", Convert.FromHexString("3039020101303130" + "0d06092a864886f70d01010b05000420" + Hash)),
            ("oversize", new byte[2 * 1024 * 1024]),
        };
        foreach (var (name, body) in bodies)
        {
            yield return new($"body /api/v1/timestamp {name}", "POST", "/api/v1/timestamp", body, "application/timestamp-query");
        }

        yield return new("body /api/v1/timestamp wrong-media-type", "POST", "/api/v1/timestamp", query, "text/plain");
    }

    private static IEnumerable<HostileRequest> Forms()
    {
        const string form = "application/x-www-form-urlencoded";
        var bodies = new (string, byte[])[]
        {
            ("empty", []), ("unknown-grant", Encoding.ASCII.GetBytes("grant_type=nope")),
            ("invalid-utf8", [.. Encoding.ASCII.GetBytes("grant_type="), 0xff, 0xfe]), ("percent-invalid-utf8", Encoding.ASCII.GetBytes("grant_type=%ff%fe&email=%c0%af")),
            ("lone-surrogate", Encoding.ASCII.GetBytes("grant_type=%ed%a0%80")), ("control-chars", Encoding.ASCII.GetBytes("email=a%0a%0d%1b@b.c&grant_type=client_credentials")),
            ("repeated-keys", Encoding.ASCII.GetBytes("grant_type=a&grant_type=b&grant_type=c")), ("bad-percent", Encoding.ASCII.GetBytes("grant_type=%zz%&&&==")),
            ("device-code-garbage", Encoding.ASCII.GetBytes("grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=%00%ff")),
            ("auth-code-garbage", Encoding.ASCII.GetBytes("grant_type=authorization_code&code=x&code_verifier=" + new string('~', 4000))),
            ("oversize", Encoding.ASCII.GetBytes("a=" + new string('b', 100_000))),
        };
        foreach (var path in new[] { "/oidc/token", "/oidc/auth", "/oidc/device/code", "/oidc/device" })
        {
            foreach (var (name, body) in bodies)
            {
                yield return new($"form {path} {name}", "POST", path, body, form);
            }
        }
    }

    private static IEnumerable<HostileRequest> Headers()
    {
        var json = Encoding.UTF8.GetBytes("{\"entryUUIDs\":[\"" + Hash + "\"]}");
        foreach (var path in new[] { "/api/v1/log/entries/retrieve", "/api/v2/log/entries", "/api/v2/signingCert", "/ct/v1/add-chain", "/api/v1/timestamp" })
        {
            yield return new($"header {path} no-content-type", "POST", path, json, null);
            yield return new($"header {path} text-plain", "POST", path, json, "text/plain");
            yield return new($"header {path} bad-charset", "POST", path, json, "application/json; charset=ebcdic");
            yield return new($"header {path} garbage-content-type", "POST", path, json, ";;;/\u0001=");
            yield return new($"header {path} multipart", "POST", path, json, "multipart/form-data; boundary=");
            yield return new($"header {path} length-longer-than-body", "POST", path, json, "application/json") { ContentLength = "100000" };
            yield return new($"header {path} length-shorter-than-body", "POST", path, json, "application/json") { ContentLength = "5" };
            yield return new($"header {path} length-huge", "POST", path, json, "application/json") { ContentLength = "99999999999999" };
            yield return new($"header {path} length-negative", "POST", path, json, "application/json") { ContentLength = "-1", ProtocolLevel = true };
            yield return new($"header {path} length-not-a-number", "POST", path, json, "application/json") { ContentLength = "ten", ProtocolLevel = true };
            yield return new($"header {path} length-twice", "POST", path, json, "application/json") { Extra = [("Content-Length", "7")], ProtocolLevel = true };
            yield return new($"header {path} chunked-broken", "POST", path, "zz\r\nabc\r\n"u8.ToArray(), "application/json") { Chunked = true };
            yield return new($"header {path} chunked-truncated", "POST", path, "ffff\r\n{\"a\":"u8.ToArray(), "application/json") { Chunked = true };
            yield return new($"header {path} chunked-and-length", "POST", path, "5\r\n{}{}{\r\n0\r\n\r\n"u8.ToArray(), "application/json") { Chunked = true, Extra = [("Content-Length", "3")] };
            yield return new($"header {path} chunked-oversize", "POST", path, ChunkedOversize(), "application/json") { Chunked = true };
            yield return new($"header {path} expect-continue", "POST", path, json, "application/json") { Extra = [("Expect", "100-continue")] };
            yield return new($"header {path} bad-authorization", "POST", path, json, "application/json") { Extra = [("Authorization", "Bearer \u00ff\u0001 x.y.z")], ProtocolLevel = true };
            yield return new($"header {path} get-with-body", "GET", path, json, "application/json");
        }
    }

    private static byte[] ChunkedOversize()
    {
        var chunk = new byte[1024 * 1024];
        Array.Fill(chunk, (byte)'a');
        using var s = new MemoryStream();
        for (var i = 0; i < 6; i++)
        {
            s.Write("100000\r\n"u8);
            s.Write(chunk);
            s.Write("\r\n"u8);
        }

        s.Write("0\r\n\r\n"u8);
        return s.ToArray();
    }

    private static IEnumerable<HostileRequest> Paths()
    {
        var paths = new (string, string)[]
        {
            ("v1-uuid-not-hex", "/api/v1/log/entries/zzzz"), ("v1-uuid-long", "/api/v1/log/entries/" + new string('a', 4000)),
            ("v1-uuid-percent-ff", "/api/v1/log/entries/%ff%fe"), ("v1-uuid-nul", "/api/v1/log/entries/%00"),
            ("v1-uuid-lone-surrogate", "/api/v1/log/entries/%ed%a0%80"), ("v1-uuid-with-tree-id", "/api/v1/log/entries/ffffffffffffffff" + Hash),
            ("tile-negative", "/api/v2/tile/-1/000"), ("tile-level-huge", "/api/v2/tile/99999999999999999999/000"),
            ("tile-index-not-number", "/api/v2/tile/0/abc"), ("tile-width-zero", "/api/v2/tile/0/000.p/0"),
            ("tile-width-huge", "/api/v2/tile/0/000.p/9999"), ("tile-bad-x-path", "/api/v2/tile/0/x001/x002/003"),
            ("tile-leading-zeros", "/api/v2/tile/0/0000"), ("tile-empty", "/api/v2/tile/"), ("tile-entries-garbage", "/api/v2/tile/entries/%ff"),
            ("tile-deep", "/api/v2/tile/0/" + string.Join('/', Enumerable.Repeat("x999", 200)) + "/000"),
            ("tuf-traversal", "/tuf/../../etc/passwd"), ("tuf-encoded-traversal", "/tuf/%2e%2e/%2e%2e/keys/root.pem"),
            ("tuf-backslash-traversal", "/tuf/..%5c..%5ckeys"), ("tuf-absolute", "/tuf//etc/passwd"), ("tuf-nul", "/tuf/root.json%00.txt"),
            ("tuf-huge-version", "/tuf/99999999999999999999999.root.json"), ("tuf-negative-version", "/tuf/-1.root.json"),
            ("tuf-invalid-utf8", "/tuf/%ff.json"), ("tuf-long", "/tuf/" + new string('a', 6000)), ("tuf-targets-traversal", "/tuf/targets/../../../keys"),
            ("explorer-traversal", "/explorer/../../etc/passwd"), ("explorer-encoded", "/explorer/%2e%2e%2f%2e%2e%2fkeys"),
            ("explorer-invalid-utf8", "/explorer/%ff%fe"), ("explorer-entry-huge", "/explorer/entries/99999999999999999999999"),
            ("explorer-entry-negative", "/explorer/entries/-5"), ("explorer-nul", "/explorer/%00"),
            ("unknown-route", "/api/v3/nothing"), ("double-slash", "//api//v1//log"), ("dot-segments", "/api/v1/./log/../log"),
            ("very-long-path", "/" + new string('a', 20_000)), ("absolute-form", "http://evil.example/api/v1/log"), ("asterisk", "*"),
            ("well-known-unknown", "/oidc/.well-known/%ff"), ("witness-checkpoint", "/abcd/checkpoint"),
        };
        foreach (var (name, path) in paths)
        {
            yield return new($"path {name}", "GET", path) { ProtocolLevel = name is "asterisk" or "tuf-nul" };
        }

        yield return new("path raw-space-in-target", "GET", "/api/v1/log entries") { ProtocolLevel = true };
        yield return new("path raw-high-bytes-in-target", "GET", "/tuf/\u00ff\u00fe.json") { ProtocolLevel = true };
        yield return new("method unknown", "BREW", "/api/v1/log");
        yield return new("method wrong", "DELETE", "/api/v1/log/entries");
        yield return new("method put-on-post-route", "PUT", "/api/v2/signingCert", "{}"u8.ToArray(), "application/json");
        yield return new("method lowercase", "get", "/api/v1/log");
        yield return new("header many-headers", "GET", "/api/v1/log") { Extra = [.. Enumerable.Range(0, 500).Select(i => ($"X-H{i}", "v"))] };
        yield return new("header huge-header", "GET", "/api/v1/log") { Extra = [("X-Big", new string('a', 64 * 1024))], ProtocolLevel = true };
        yield return new("header control-in-value", "GET", "/api/v1/log") { Extra = [("X-C", "a\u0001\u007fb")] };
        yield return new("header accept-garbage", "GET", "/api/v2/checkpoint") { Extra = [("Accept", "*/*;q=abc, ;;, \u00ff")], ProtocolLevel = true };
        yield return new("header range-garbage", "GET", "/tuf/root.json") { Extra = [("Range", "bytes=99999999999999999999-")] };
        yield return new("header if-none-match-garbage", "GET", "/tuf/root.json") { Extra = [("If-None-Match", "\"\u00ff")], ProtocolLevel = true };
        yield return new("header if-modified-since-garbage", "GET", "/explorer") { Extra = [("If-Modified-Since", "yesterday")] };
    }

    private static IEnumerable<HostileRequest> Queries()
    {
        var queries = new (string, string)[]
        {
            ("v1-logIndex-negative", "/api/v1/log/entries?logIndex=-1"), ("v1-logIndex-text", "/api/v1/log/entries?logIndex=abc"),
            ("v1-logIndex-huge", "/api/v1/log/entries?logIndex=99999999999999999999999"), ("v1-logIndex-missing", "/api/v1/log/entries"),
            ("v1-logIndex-twice", "/api/v1/log/entries?logIndex=0&logIndex=1"), ("v1-logIndex-invalid-utf8", "/api/v1/log/entries?logIndex=%ff"),
            ("v1-logIndex-empty", "/api/v1/log/entries?logIndex="), ("v1-logIndex-fraction", "/api/v1/log/entries?logIndex=1.5"),
            ("v1-proof-negative", "/api/v1/log/proof?firstSize=-1&lastSize=-2"), ("v1-proof-reversed", "/api/v1/log/proof?firstSize=5&lastSize=1"),
            ("v1-proof-huge", "/api/v1/log/proof?firstSize=1&lastSize=99999999999999999999"), ("v1-proof-text", "/api/v1/log/proof?firstSize=a&lastSize=b"),
            ("v1-proof-missing", "/api/v1/log/proof"), ("v1-proof-bad-tree-id", "/api/v1/log/proof?firstSize=1&lastSize=1&treeID=%ff"),
            ("v1-log-stable", "/api/v1/log?stable=maybe"), ("v1-log-tree-id", "/api/v1/log?treeID=-1"),
            ("ct-consistency-reversed", "/ct/v1/get-sth-consistency?first=9&second=1"), ("ct-consistency-text", "/ct/v1/get-sth-consistency?first=a&second=b"),
            ("ct-consistency-huge", "/ct/v1/get-sth-consistency?first=0&second=99999999999999999999"), ("ct-consistency-missing", "/ct/v1/get-sth-consistency"),
            ("ct-proof-bad-hash", "/ct/v1/get-proof-by-hash?hash=%ff%fe&tree_size=1"), ("ct-proof-short-hash", "/ct/v1/get-proof-by-hash?hash=AAAA&tree_size=-1"),
            ("ct-proof-missing", "/ct/v1/get-proof-by-hash"), ("ct-proof-long-hash", "/ct/v1/get-proof-by-hash?hash=" + new string('A', 5000) + "&tree_size=1"),
            ("ct-entries-reversed", "/ct/v1/get-entries?start=10&end=1"), ("ct-entries-huge-range", "/ct/v1/get-entries?start=0&end=99999999999999"),
            ("ct-entries-negative", "/ct/v1/get-entries?start=-5&end=-1"), ("ct-entries-text", "/ct/v1/get-entries?start=a&end=b"),
            ("ct-entries-missing", "/ct/v1/get-entries"), ("ct-entries-overflow", "/ct/v1/get-entries?start=9223372036854775807&end=9223372036854775807"),
            ("oidc-auth-missing", "/oidc/auth"), ("oidc-auth-invalid-utf8", "/oidc/auth?client_id=%ff&redirect_uri=%fe&response_type=%c0"),
            ("oidc-auth-script", "/oidc/auth?client_id=sigstore&redirect_uri=javascript:alert(1)&response_type=code&state=%3Cscript%3E"),
            ("oidc-auth-long", "/oidc/auth?client_id=" + new string('a', 6000)), ("oidc-device-bad-code", "/oidc/device?user_code=%00%ff%ed%a0%80"),
            ("explorer-query-garbage", "/explorer?q=%ff&&&=%%"), ("explorer-search-hash", "/explorer/search?hash=%ff"),
            ("query-many-params", "/api/v1/log?" + string.Join('&', Enumerable.Range(0, 3000).Select(i => $"p{i}=1"))),
            ("query-bad-percent", "/api/v1/log?%zz=%"), ("tuf-query", "/tuf/root.json?%ff=%fe"),
        };
        foreach (var (name, target) in queries)
        {
            yield return new($"query {name}", "GET", target) { ProtocolLevel = name is "query-many-params" };
        }
    }

    /// <summary><c>/metrics</c> (<c>serve --metrics</c>, OpenTelemetry's Prometheus exporter): content negotiation
    /// (text or OpenMetrics by <c>Accept</c>), methods, paths and queries around it, and bodies it never reads.</summary>
    private static IEnumerable<HostileRequest> Metrics()
    {
        var accepts = new (string, string)[]
        {
            ("openmetrics", "application/openmetrics-text; version=1.0.0; charset=utf-8"), ("openmetrics-future", "application/openmetrics-text; version=99.0"),
            ("openmetrics-no-version", "application/openmetrics-text"), ("text-old-version", "text/plain; version=0.0.1"),
            ("quality-garbage", "application/openmetrics-text;q=abc, text/plain;q=-1"), ("empty-parameters", "application/openmetrics-text;;;=;"),
            ("nothing-acceptable", "image/png"), ("wildcard-only", "*/*"), ("many-types", string.Join(", ", Enumerable.Range(0, 400).Select(i => $"a/b{i};q=0.{i % 10}"))),
            ("bad-charset", "text/plain; charset=ebcdic"), ("empty", ""), ("control-char", "text/plain"),
        };
        foreach (var (name, accept) in accepts)
        {
            yield return new($"metrics accept-{name}", "GET", "/metrics") { Extra = [("Accept", accept)] };
        }

        var targets = new (string, string)[]
        {
            ("trailing-slash", "/metrics/"), ("sub-path", "/metrics/x"), ("percent-ff", "/metrics/%ff"), ("nul", "/metrics%00"),
            ("dot-segments", "/metrics/../metrics"), ("upper-case", "/METRICS"), ("double-slash", "//metrics"), ("long-sub-path", "/metrics/" + new string('m', 8000)),
            ("query-invalid-utf8", "/metrics?name[]=%ff%fe"), ("query-bad-percent", "/metrics?%zz=%"), ("query-many", "/metrics?" + string.Join('&', Enumerable.Range(0, 500).Select(i => $"name[]=m{i}"))),
            ("query-lone-surrogate", "/metrics?x=%ed%a0%80"),
        };
        foreach (var (name, target) in targets)
        {
            yield return new($"metrics path-{name}", "GET", target);
        }

        foreach (var method in new[] { "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "BREW" })
        {
            yield return new($"metrics method-{method.ToLowerInvariant()}", method, "/metrics", method is "HEAD" or "OPTIONS" or "TRACE" ? null : "{\"a\":1}"u8.ToArray(), "application/json");
        }

        yield return new("metrics header-accept-encoding-garbage", "GET", "/metrics") { Extra = [("Accept-Encoding", "gzip;q=x, br;q=, *;q=2, \u00ff")], ProtocolLevel = true };
        yield return new("metrics header-range", "GET", "/metrics") { Extra = [("Range", "bytes=5-1, 99999999999999999999-")] };
        yield return new("metrics header-if-none-match", "GET", "/metrics") { Extra = [("If-None-Match", "W/\"x\", *, ,,")] };
        yield return new("metrics header-if-modified-since", "GET", "/metrics") { Extra = [("If-Modified-Since", "Thu, 99 Foo 99999 99:99:99 GMT")] };
        yield return new("metrics body-on-get", "GET", "/metrics", new byte[70_000], "application/octet-stream");
        yield return new("metrics body-length-lie", "GET", "/metrics", "{}"u8.ToArray(), "application/json") { ContentLength = "100000" };
        yield return new("metrics chunked-broken", "GET", "/metrics", "zz\r\nabc\r\n"u8.ToArray(), "text/plain") { Chunked = true };
    }
}
