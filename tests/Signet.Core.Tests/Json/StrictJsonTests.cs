using System.Text.Json;
using Signet.Core.Json;

namespace Signet.Core.Tests.Json;

/// <summary>Outside JSON read through <see cref="StrictJson"/> and <see cref="JsonField"/>: every way it can be wrong is a
/// <see cref="SignetFormatException"/> that names the field, never an <see cref="InvalidOperationException"/>.</summary>
public sealed class StrictJsonTests
{
    private static readonly JsonLimits Small = new(1024, 4, 3);

    private static SignetFormatException Refused(byte[] json, JsonLimits? limits = null) =>
        Assert.Throws<SignetFormatException>(() => StrictJson.Parse(json, "entry", limits ?? JsonLimits.RekorEntry).Dispose());

    private static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Invalid_utf8_in_a_string_names_the_field()
    {
        byte[] json = [.. Utf8("{\"spec\":{\"signature\":{\"content\":\"A"), 0xff, .. Utf8("\"}}}")];
        var e = Refused(json);
        Assert.StartsWith("entry.spec.signature.content: not valid Unicode", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"spec\":{\"signature\":{\"content\":\"\\ud800\"}}}", "entry.spec.signature.content: not valid Unicode")]
    [InlineData("{\"spec\":{\"signature\":{\"content\":\"x\\uDC00y\"}}}", "entry.spec.signature.content: not valid Unicode")]
    [InlineData("{\"spec\":{\"list\":[\"ok\",\"\\ud800\"]}}", "entry.spec.list[1]: not valid Unicode")]
    [InlineData("{\"spec\":{\"\\ud800\":1}}", "entry.spec: a member name is not valid Unicode")]
    public void A_lone_surrogate_names_the_field(string json, string expected)
    {
        Assert.StartsWith(expected, Refused(Utf8(json)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nulltoken-s3cret", "(line 1, byte 5)")] // the parser's own message quotes the literal it could not read
    [InlineData("{\"a\":1,\"a\":\"s3cret\"}", "not valid JSON")]
    public void A_secret_document_that_is_not_json_is_refused_without_its_text(string json, string expected)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var plain = Assert.Throws<SignetFormatException>(() => StrictJson.Parse(bytes, "answer", JsonLimits.RekorEntry));
        var secret = Assert.Throws<SignetFormatException>(() => StrictJson.ParseSecret(bytes, "answer", JsonLimits.RekorEntry));

        Assert.StartsWith("answer: not valid JSON", secret.Message, StringComparison.Ordinal);
        Assert.Contains(expected, secret.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", secret.Message, StringComparison.Ordinal);
        Assert.NotEqual(plain.Message, secret.Message);
    }

    [Fact]
    public void An_escaped_surrogate_pair_is_a_character_not_an_error()
    {
        using var doc = StrictJson.Parse(Utf8("{\"a\":\"\\ud83d\\ude00\"}"), "entry", JsonLimits.RekorEntry);
        Assert.Equal("\U0001F600", JsonField.Root(doc.RootElement, "entry").RequiredString("a"));
    }

    [Fact]
    public void Limits_of_size_depth_and_count_are_format_errors()
    {
        Assert.Contains("too large (1025 bytes > 1024)", Refused(Utf8("\"" + new string('a', 1023) + "\""), Small).Message, StringComparison.Ordinal);
        Assert.StartsWith("entry: not valid JSON", Refused(Utf8("[[[[[1]]]]]"), Small).Message, StringComparison.Ordinal);
        Assert.StartsWith("entry.a: too many elements (4 > 3)", Refused(Utf8("{\"a\":[1,2,3,4]}"), Small).Message, StringComparison.Ordinal);
        Assert.StartsWith("entry.a[0]: too many members (4 > 3)", Refused(Utf8("{\"a\":[{\"w\":1,\"x\":1,\"y\":1,\"z\":1}]}"), Small).Message, StringComparison.Ordinal);
        using var fits = StrictJson.Parse(Utf8("{\"a\":[1,2,3],\"b\":[[1]]}"), "entry", Small);
    }

    [Theory]
    [InlineData("", "entry: empty input")]
    [InlineData("{\"a\":1,\"a\":2}", "Duplicate property 'a'")]
    [InlineData("{\"a\":1,\"\\u0061\":2}", "Duplicate property 'a'")]
    [InlineData("{\"a\":1,}", "entry: not valid JSON")]
    [InlineData("{\"a\":1} // comment", "entry: not valid JSON")]
    public void Malformed_documents_are_format_errors(string json, string expected)
    {
        Assert.Contains(expected, Refused(Utf8(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_types_and_missing_members_name_the_path()
    {
        using var doc = StrictJson.Parse(Utf8("""{"s":1,"o":[],"b":"yes","i":1.5,"n":null,"arr":{},"e":""}"""), "entry", JsonLimits.RekorEntry);
        var root = JsonField.Root(doc.RootElement, "entry");
        Assert.Equal("entry.s: expected a string, found a number", Assert.Throws<SignetFormatException>(() => root.RequiredString("s")).Message);
        Assert.Equal("entry.o: expected a JSON object, found an array", Assert.Throws<SignetFormatException>(() => root.RequiredObject("o")).Message);
        Assert.Equal("entry.b: expected a boolean, found a string", Assert.Throws<SignetFormatException>(() => root.RequiredBoolean("b")).Message);
        Assert.Equal("entry.i: expected an integer, found a number", Assert.Throws<SignetFormatException>(() => root.RequiredInteger("i")).Message);
        Assert.Equal("entry.n: missing", Assert.Throws<SignetFormatException>(() => root.RequiredString("n")).Message);
        Assert.Equal("entry.absent: missing", Assert.Throws<SignetFormatException>(() => root.RequiredObject("absent")).Message);
        Assert.Equal("entry.arr: expected an array, found an object", Assert.Throws<SignetFormatException>(() => root.RequiredArray("arr")).Message);
        Assert.Equal("entry.e: empty", Assert.Throws<SignetFormatException>(() => root.RequiredString("e", allowEmpty: false)).Message);
        Assert.Equal("entry.e: empty", Assert.Throws<SignetFormatException>(() => root.RequiredBase64("e")).Message);
        Assert.Null(root.OptionalString("n"));
        Assert.Null(root.OptionalObject("absent"));
    }

    [Fact]
    public void Arrays_are_bounded_where_they_are_read()
    {
        using var doc = StrictJson.Parse(Utf8("""{"a":[1,2,3],"b":[]}"""), "entry", JsonLimits.RekorEntry);
        var root = JsonField.Root(doc.RootElement, "entry");
        Assert.Equal("entry.a: too many elements (3 > 2)", Assert.Throws<SignetFormatException>(() => root.RequiredArray("a", 1, 2)).Message);
        Assert.Equal("entry.b: 0 items, expected 1 to 2", Assert.Throws<SignetFormatException>(() => root.RequiredArray("b", 1, 2)).Message);
        Assert.Equal([1L, 2L, 3L], root.Array("a", i => i.Element.GetInt64()));
        Assert.Empty(root.Array("absent", i => i.Element.GetInt64()));
    }

    [Fact]
    public void A_field_over_a_document_parsed_elsewhere_still_turns_bad_unicode_into_a_format_error()
    {
        using var doc = JsonDocument.Parse(Utf8("{\"a\":{\"b\":\"\\ud800\"},\"c\":{\"\\udc00\":1}}"));
        var root = JsonField.Root(doc.RootElement, "doc");
        Assert.StartsWith("doc.a.b: not valid Unicode", Assert.Throws<SignetFormatException>(() => root.RequiredObject("a").RequiredString("b")).Message, StringComparison.Ordinal);
        Assert.StartsWith("doc.c: a member name is not valid Unicode", Assert.Throws<SignetFormatException>(() => root.RequiredObject("c").Members().ToList()).Message, StringComparison.Ordinal);
        Assert.StartsWith("doc.c: a member name is not valid Unicode", Assert.Throws<SignetFormatException>(() => root.RequiredObject("c").OptionalString("x")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protobuf_json_reads_int64_as_string_or_number_and_bytes_in_either_base64_alphabet()
    {
        using var doc = StrictJson.Parse(
            Utf8("""{"s":"-42","n":42,"big":"99999999999999999999","std":"+/+/","url":"-_-_","bare":"AQ","bad":"@@","t":"2024-01-01T00:00:00Z"}"""),
            "msg",
            JsonLimits.ProtobufMessage);
        var m = JsonField.Root(doc.RootElement, "msg");
        Assert.Equal(-42, m.RequiredInt64("s"));
        Assert.Equal(42, m.OptionalInt64("n"));
        Assert.Null(m.OptionalInt64("absent"));
        Assert.StartsWith("msg.big: expected a 64-bit integer", Assert.Throws<SignetFormatException>(() => m.RequiredInt64("big")).Message, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xfb, 0xff, 0xbf }, m.RequiredBytes("std"));
        Assert.Equal(new byte[] { 0xfb, 0xff, 0xbf }, m.RequiredBytes("url"));
        Assert.Equal(new byte[] { 1 }, m.RequiredBytes("bare"));
        Assert.StartsWith("msg.bad: not valid base64", Assert.Throws<SignetFormatException>(() => m.RequiredBytes("bad")).Message, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), m.OptionalTimestamp("t"));
        Assert.Equal("msg.s: not an RFC 3339 timestamp", Assert.Throws<SignetFormatException>(() => m.OptionalTimestamp("s")).Message);
    }

    [Fact]
    public void Limits_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonLimits(0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonLimits(1, -1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonLimits(1, 1, 0));
    }
}
