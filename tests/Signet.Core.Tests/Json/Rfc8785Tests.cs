using Signet.Core.Json;

namespace Signet.Core.Tests.Json;

public sealed class Rfc8785Tests
{
    private static string Canon(string json) => System.Text.Encoding.UTF8.GetString(Rfc8785.Canonicalize(System.Text.Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Rfc8785_section_3_2_2_example()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        Assert.Equal(expected, Canon(input));
    }

    [Fact]
    public void Rfc8785_section_3_2_3_sorting_by_utf16_code_units()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        const string expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
        Assert.Equal(expected, Canon(input));
    }

    // RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void Rfc8785_appendix_b_numbers(ulong bits, string expected)
    {
        var value = BitConverter.UInt64BitsToDouble(bits);
        Assert.Equal(expected, Rfc8785.FormatNumber(value));
        // And through the parser: the shortest round-trip text must reproduce the same canonical form.
        Assert.Equal($"[{expected}]", Canon($"[{value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}]"));
    }

    [Fact]
    public void Nested_structures_lose_whitespace_and_keep_array_order()
    {
        Assert.Equal("{\"a\":[3,1,{\"y\":1,\"z\":[]}],\"b\":{}}", Canon(" { \"b\" : { } , \"a\" : [ 3 , 1 , { \"z\":[ ], \"y\" : 1.0 } ] } "));
        Assert.Equal("\"\\u0001\\b\\t\\n\\f\\r\\u001f\"", Canon("\"\\u0001\\b\\t\\n\\f\\r\\u001F\""));
    }

    [Theory]
    [InlineData("{\"a\":1,\"a\":2}", "Duplicate property 'a'")]
    [InlineData("[1e400]", "outside IEEE 754")]
    [InlineData("[-1e400]", "outside IEEE 754")]
    [InlineData("\"\\ud800\"", "lone surrogate")]
    [InlineData("{\"\\udc00\":1}", "lone surrogate")]
    [InlineData("{\"a\":1,}", "not valid JSON")]
    [InlineData("[1] // c", "not valid JSON")]
    [InlineData("[01]", "not valid JSON")]
    [InlineData("", "empty input")]
    [InlineData("{\"a\":1} x", "not valid JSON")]
    [InlineData("[NaN]", "not valid JSON")]
    public void Non_i_json_input_is_a_format_error(string json, string expected)
    {
        var e = Assert.Throws<SignetFormatException>(() => Canon(json));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Invalid_utf8_and_deep_nesting_are_format_errors()
    {
        Assert.Throws<SignetFormatException>(() => Rfc8785.Canonicalize([(byte)'"', 0xff, (byte)'"']));
        var deep = new string('[', 10_000) + new string(']', 10_000);
        Assert.Contains("not valid JSON", Assert.Throws<SignetFormatException>(() => Canon(deep)).Message);
    }
}
