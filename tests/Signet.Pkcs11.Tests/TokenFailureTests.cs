using System.Security.Cryptography;
using Signet.Core;
using Signet.Testing.Keys;

namespace Signet.Pkcs11.Tests;

/// <summary>
/// What a token does to keys already open in this process: a lost login is restored, a lost session is opened again
/// (with the same key), a token pulled out (deleted) makes each signature one <see cref="SignetUnavailableException"/>
/// naming the URI and hides no other token of the module. And what is refused when a key is opened rather than at its
/// first signature: a private key that may not sign, an empty pin-source.
/// </summary>
[Collection(SoftHsmTokens.Name)]
public sealed class TokenFailureTests
{
    [Fact]
    public void A_key_signs_again_after_something_else_logged_the_token_out()
    {
        var token = SoftHsmToken.Create();
        var uri = Pkcs11Uri.Parse(token.Uri("k"));
        using var key = Pkcs11Keys.GenerateEcdsa(uri);
        using var ed = Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(token.Uri("ed")));

        // PKCS#11 §5.6: C_Logout on any session of the process logs out every session on the token.
        using (var other = Pkcs11Module.OpenSession(uri))
        {
            Assert.Equal(0u, (uint)other.Module.Logout(other.Handle));
        }

        var signature = key.SignData("x"u8.ToArray(), HashAlgorithmName.SHA256);
        Assert.True(key.VerifyData("x"u8.ToArray(), signature, HashAlgorithmName.SHA256));
        Assert.True(ed.PublicKey.Verify("y"u8, ed.Sign("y"u8.ToArray())));
    }

    [Fact]
    public void A_deleted_token_makes_each_signature_one_unavailable_line_without_the_pin()
    {
        var token = SoftHsmToken.Create();
        var uri = Pkcs11Uri.Parse(token.Uri("k"));
        using var key = Pkcs11Keys.GenerateEcdsa(uri);
        using var ed = Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(token.Uri("ed")));
        token.Delete();

        foreach (var sign in new Action[] { () => key.SignData("x"u8.ToArray(), HashAlgorithmName.SHA256), () => ed.Sign("x"u8.ToArray()) })
        {
            var e = Assert.Throws<SignetUnavailableException>(sign);
            Assert.StartsWith("PKCS#11 pkcs11:token=", e.Message, StringComparison.Ordinal);
            Assert.Contains("the token did not sign (CKR_OBJECT_HANDLE_INVALID from C_SignInit; opening it again: no initialised token matches)", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(SoftHsmToken.Pin, e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
            Assert.Equal(TimeSpan.FromSeconds(30), e.RetryAfter);
        }
    }

    [Fact]
    public void A_key_whose_session_was_closed_opens_a_new_one_and_signs_with_the_same_key()
    {
        var token = SoftHsmToken.Create();
        var uri = Pkcs11Uri.Parse(token.Uri("k"));
        using var key = Pkcs11Keys.GenerateEcdsa(uri);
        var closed = key.Signer.SessionHandle;
        using (var other = Pkcs11Module.OpenSession(uri))
        {
            Assert.Equal(0u, (uint)other.Module.CloseSession(closed));
        }

        var signature = key.SignData("x"u8.ToArray(), HashAlgorithmName.SHA256);

        Assert.True(key.VerifyData("x"u8.ToArray(), signature, HashAlgorithmName.SHA256));
        Assert.NotEqual(closed, key.Signer.SessionHandle);
    }

    [Fact]
    public void A_deleted_token_does_not_hide_the_other_tokens_of_its_module()
    {
        var gone = SoftHsmToken.Create();
        var token = SoftHsmToken.Create();
        using var held = Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(gone.Uri("k")));
        gone.Delete();

        using var key = Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("k")));

        Assert.Equal(64, key.SignHash(new byte[32]).Length);
    }

    [Fact]
    public void A_private_key_that_may_not_sign_is_refused_when_opened()
    {
        var token = SoftHsmToken.Create();
        var uri = Pkcs11Uri.Parse(token.Uri("nosign"));
        using (var session = Pkcs11Module.OpenSession(uri))
        {
            var parameters = new byte[] { 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 }; // prime256v1
            session.Module.GenerateKeyPair(
                session.Handle,
                Native.CkConstants.CKM_EC_KEY_PAIR_GEN,
                new Native.CkTemplate().Add(Native.CkConstants.CKA_LABEL, "nosign").Add(Native.CkConstants.CKA_TOKEN, true).Add(Native.CkConstants.CKA_EC_PARAMS, parameters),
                new Native.CkTemplate().Add(Native.CkConstants.CKA_LABEL, "nosign").Add(Native.CkConstants.CKA_TOKEN, true).Add(Native.CkConstants.CKA_PRIVATE, true).Add(Native.CkConstants.CKA_SIGN, false));
        }

        var e = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.OpenSigningKey(uri));

        Assert.Equal($"PKCS#11 {uri}: the private key may not sign (its CKA_SIGN is false)", e.Message);
    }

    [Fact]
    public void An_empty_pin_source_is_refused_before_a_login_is_tried()
    {
        var token = SoftHsmToken.Create();
        var pinFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(pinFile, "\n");
            var uri = Pkcs11Uri.Parse($"pkcs11:token={token.Label};object=k?module-path={SoftHsmToken.ModulePath}&pin-source={pinFile}");

            var e = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.Open(uri));

            Assert.Equal($"PKCS#11 pin-source {pinFile}: the file's first line is empty (it must hold the PIN)", e.Message);
        }
        finally
        {
            File.Delete(pinFile);
        }
    }
}
