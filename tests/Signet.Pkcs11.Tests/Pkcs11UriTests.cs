using Signet.Core;

namespace Signet.Pkcs11.Tests;

public sealed class Pkcs11UriTests
{
    [Fact]
    public void Reads_cosigns_form_with_percent_encoding()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:token=my%20token;object=ca%2Dkey;id=%01%ff?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=1234");
        Assert.Equal("my token", uri.Token);
        Assert.Equal("ca-key", uri.ObjectLabel);
        Assert.Equal(new byte[] { 0x01, 0xff }, uri.Id);
        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", uri.ModulePath);
        Assert.Equal("1234", uri.PinValue);
        Assert.DoesNotContain("1234", uri.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_pin_source_and_slot_id()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:slot-id=7;object=k?module-path=/m.so&pin-source=/run/pin");
        Assert.Equal(7UL, uri.SlotId);
        Assert.Equal("/run/pin", uri.PinSource);
        Assert.Null(uri.PinValue);
    }

    [Theory]
    [InlineData("pkcs11:object=k", "module-path is required")]
    [InlineData("pkcs11:object=k;color=red?module-path=/m.so", "unknown path attribute 'color'")]
    [InlineData("pkcs11:object=k?module-path=/m.so&pin=1", "unknown query attribute 'pin'")]
    [InlineData("pkcs11:object=k%2?module-path=/m.so", "bad percent-encoding in 'object'")]
    [InlineData("pkcs11:object=k%zz?module-path=/m.so", "bad percent-encoding in 'object'")]
    [InlineData("pkcs11:object=a b?module-path=/m.so", "must be percent-encoded")]
    [InlineData("pkcs11:object=a;object=b?module-path=/m.so", "appears twice")]
    [InlineData("pkcs11:token=t?module-path=/m.so", "object= or id= must name the key")]
    [InlineData("pkcs11:object=k?module-path=/m.so&pin-value=1&pin-source=/f", "exclude each other")]
    [InlineData("pkcs11:object=k;slot-id=x?module-path=/m.so", "slot-id 'x' is not a decimal number")]
    [InlineData("pkcs11:object?module-path=/m.so", "is not name=value")]
    [InlineData("pkcs11:object=%c3%28?module-path=/m.so", "is not UTF-8")]
    [InlineData("file:/key.pem", "does not start with pkcs11:")]
    public void Refuses_malformed_uris_with_one_readable_error(string text, string expected)
    {
        var e = Assert.Throws<SignetFormatException>(() => Pkcs11Uri.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("PKCS#11 URI: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Knows_a_uri_from_a_file_name()
    {
        Assert.True(Pkcs11Uri.IsPkcs11("pkcs11:object=k?module-path=/m.so"));
        Assert.True(Pkcs11Uri.IsPkcs11("PKCS11:object=k"));
        Assert.False(Pkcs11Uri.IsPkcs11("key.pem"));
        Assert.False(Pkcs11Uri.IsPkcs11(null));
    }

    [Fact]
    public void WithObject_names_another_key_of_the_same_token_keeping_module_and_PIN()
    {
        var other = Pkcs11Uri.WithObject("pkcs11:token=t;object=log;id=%01?module-path=/m.so&pin-value=1234", "log-20261205T211000Z");

        Assert.Equal("pkcs11:token=t;object=log-20261205T211000Z?module-path=/m.so&pin-value=1234", other);
        var parsed = Pkcs11Uri.Parse(other);
        Assert.Null(parsed.Id);
        Assert.Equal("1234", parsed.PinValue);
        Assert.Throws<SignetFormatException>(() => Pkcs11Uri.WithObject("pkcs11:object=k", "other"));
    }

    [Fact]
    public void WithKeyOf_names_the_key_another_uri_named_with_this_uris_token_module_and_PIN()
    {
        const string now = "pkcs11:token=t;object=log-20261205T211000Z?module-path=/m.so&pin-value=1234";

        Assert.Equal("pkcs11:token=t;id=%0a%0b?module-path=/m.so&pin-value=1234",
            Pkcs11Uri.WithKeyOf(now, "pkcs11:token=t;id=%0a%0b?module-path=/m.so&pin-value=***"));
        var both = Pkcs11Uri.Parse(Pkcs11Uri.WithKeyOf(now, "pkcs11:object=log;id=%01?module-path=/other.so"));
        Assert.Equal(("log", "1234", "/m.so", "t"), (both.ObjectLabel, both.PinValue, both.ModulePath, both.Token));
        Assert.Equal(new byte[] { 1 }, both.Id);
        Assert.Throws<SignetFormatException>(() => Pkcs11Uri.WithKeyOf(now, "pkcs11:token=t?module-path=/m.so"));
    }
}
