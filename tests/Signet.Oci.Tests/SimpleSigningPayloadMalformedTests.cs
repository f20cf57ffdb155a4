using Signet.Core;
using Signet.Oci.Signatures;

namespace Signet.Oci.Tests;

/// <summary>A simple signing payload is read strictly (fuzz oci-manifest findings, issue 14 item 9).</summary>
public sealed class SimpleSigningPayloadMalformedTests
{
    [Fact]
    public void Invalid_utf8_in_a_string_is_a_format_error()
    {
        byte[] json = [.. "{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},\"image\":{\"docker-manifest-digest\":\"sha256:00\"},\"type\":\"cosign contai"u8, 0xe3, .. "er image signature\"},\"optional\":null}"u8];
        Assert.Throws<SignetFormatException>(() => SimpleSigningPayload.Parse(json));
    }

    [Fact]
    public void A_lone_surrogate_in_a_member_name_is_a_format_error() =>
        Assert.Throws<SignetFormatException>(() => SimpleSigningPayload.Parse("{\"\\ud800\":1,\"critical\":{}}"u8));
}
