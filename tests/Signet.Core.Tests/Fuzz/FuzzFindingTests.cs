using Signet.Core.Verification;

namespace Signet.Core.Tests.Fuzz;

/// <summary>Inputs the fuzz harnesses (fuzz/, issue 14 item 9) found escaping as unclassified exceptions.</summary>
public sealed class FuzzFindingTests
{
    [Fact]
    public void A_trusted_root_certificate_whose_ec_key_does_not_decode_is_invalid_input()
    {
        // fuzz trusted-root: a CA certificate whose EC public key bits were mutated; OpenSSL's decode error escaped
        // IssuerKey.From as a CryptographicException.
        var json = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "fuzz", "trusted-root-undecodable-key.json"));
        var e = Assert.ThrowsAny<SignetException>(() => TrustedMaterial.Parse(json));
        Assert.Equal(SignetErrorKind.InvalidInput, e.ErrorKind);
    }
}
