using System.Text;
using System.Text.Json;
using Signet.Core;
using Signet.Tuf.Json;
using Signet.Tuf.Metadata;

namespace Signet.Tuf.Tests;

public sealed class OlpcCanonicalJsonTests
{
    private static string Canon(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Encoding.UTF8.GetString(OlpcCanonicalJson.Encode(doc.RootElement));
    }

    [Fact]
    public void Sorts_keys_drops_whitespace_and_escapes_only_quote_and_backslash()
    {
        // securesystemslib encode_canonical: control characters and non-ASCII stay raw (unlike RFC 8785).
        Assert.Equal("{\"a\":[1,true,null,\"x\\\"y\\\\z\"],\"b\":\"\n\u00e9\"}",
            Canon("{ \"b\": \"\\n\\u00e9\", \"a\": [1, true, null, \"x\\\"y\\\\z\"] }"));
    }

    [Fact]
    public void Sorts_by_code_point_not_utf16()
    {
        // U+1F600 (surrogates D83D..) sorts after U+FFFD by code point, before it in UTF-16 order.
        Assert.Equal("{\"\uFFFD\":1,\"\U0001F600\":2}", Canon("{\"\U0001F600\":2,\"\uFFFD\":1}"));
    }

    [Fact]
    public void Refuses_floats()
    {
        Assert.Throws<SignetFormatException>(() => Canon("{\"a\":1.5}"));
    }

    [Fact]
    public void Sigstore_production_root_verifies_against_its_own_ecdsa_keys()
    {
        // Real data: 5 ECDSA P-256 root keys (PEM), threshold 3, signatures over OLPC canonical JSON.
        var root = RootMetadata.Parse(File.ReadAllBytes("TestData/production_tuf_root.json"));
        Assert.Equal(16, root.Version);
        Assert.True(root.ConsistentSnapshot);
        root.VerifyRole("root", root.Envelope, "production root");
    }

    [Fact]
    public void Production_root_with_one_changed_byte_does_not_verify()
    {
        var text = File.ReadAllText("TestData/production_tuf_root.json").Replace("\"expires\": \"2027-04-22T19:27:31Z\"",
            "\"expires\": \"2037-04-22T19:27:31Z\"", StringComparison.Ordinal);
        var root = RootMetadata.Parse(Encoding.UTF8.GetBytes(text));
        var e = Assert.Throws<Signet.Tuf.Client.TufException>(() => root.VerifyRole("root", root.Envelope, "tampered"));
        Assert.Equal(Signet.Tuf.Client.TufErrorCode.BelowThreshold, e.Code);
    }

    [Fact]
    public void Key_id_is_sha256_of_the_canonical_key_object()
    {
        // Vector computed with Python (key: RFC 8032 test 1): sha256(json.dumps(key, sort_keys=True, separators=(",", ":"))).
        using var doc = JsonDocument.Parse("{\"scheme\":\"ed25519\",\"keytype\":\"ed25519\",\"keyval\":{\"public\":\"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a\"}}");
        var key = TufKey.Parse(doc.RootElement, "key");
        Assert.Equal("74c181c7ad8a0855d4b55e44d2ba87aabdddb196832571f15f92fece332e4916", key.ComputeKeyId());
    }

    [Fact]
    public void Malformed_metadata_is_a_format_error_naming_the_field()
    {
        var e = Assert.Throws<SignetFormatException>(() => RootMetadata.Parse("{\"signatures\":[],\"signed\":{\"_type\":\"root\"}}"u8.ToArray()));
        Assert.Contains("spec_version", e.Message, StringComparison.Ordinal);
        Assert.Throws<SignetFormatException>(() => RootMetadata.Parse("{\"signatures\":[],\"signatures\":[]}"u8.ToArray()));
        Assert.Throws<SignetFormatException>(() => RootMetadata.Parse("[1,2"u8.ToArray()));
    }
}
