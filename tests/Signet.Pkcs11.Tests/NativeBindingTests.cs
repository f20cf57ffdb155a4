using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Signet.Core;
using Signet.Pkcs11.Native;
using Signet.Testing.Keys;

namespace Signet.Pkcs11.Tests;

/// <summary>
/// Signet's own PKCS#11 binding against SoftHSM2: a module's refusals become one line naming the URI and the CK_RV by
/// its standard name, a library that is not a module is refused at load, and sessions of one module are counted so
/// closing one key leaves the others logged in.
/// </summary>
[Collection(SoftHsmTokens.Name)]
public sealed class NativeBindingTests
{
    [Fact]
    public void A_wrong_pin_is_one_line_with_the_modules_code_and_without_the_pin()
    {
        var token = SoftHsmToken.Create();
        Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("k"))).Dispose();
        var uri = Pkcs11Uri.Parse(token.Uri("k", "4321"));

        var e = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.OpenSigningKey(uri));

        Assert.Equal($"PKCS#11 {uri}: the PIN is wrong (CKR_PIN_INCORRECT)", e.Message);
        Assert.DoesNotContain("4321", e.Message, StringComparison.Ordinal);
        // The failed login gave the module back: the right PIN still opens the key afterwards.
        using var key = Pkcs11Keys.OpenSigningKey(Pkcs11Uri.Parse(token.Uri("k")));
        Assert.True(key.PublicKey.Verify("x"u8, key.Sign("x"u8.ToArray())));
    }

    [Fact]
    public void A_missing_object_is_one_line_for_ecdsa_and_for_any_signing_key()
    {
        var token = SoftHsmToken.Create();
        var uri = Pkcs11Uri.Parse(token.Uri("nothing-here"));

        var ecdsa = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.Open(uri));
        var signing = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.OpenSigningKey(uri));

        Assert.Equal($"PKCS#11 {uri}: no private key with that label/ID on the token", ecdsa.Message);
        Assert.Equal(ecdsa.Message, signing.Message);
    }

    [Fact]
    public void A_shared_library_that_is_not_a_pkcs11_module_cannot_be_loaded()
    {
        var libc = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "/lib/aarch64-linux-gnu/libc.so.6" : "/lib/x86_64-linux-gnu/libc.so.6";
        Assert.True(File.Exists(libc), libc);

        var e = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.Open(Pkcs11Uri.Parse($"pkcs11:object=k?module-path={libc}&pin-value=1")));

        Assert.Equal($"PKCS#11 module {libc} cannot be loaded: it exports no C_GetFunctionList (not a PKCS#11 module)", e.Message);
    }

    [Fact]
    public void A_file_that_is_no_shared_library_cannot_be_loaded_in_one_line()
    {
        var text = Path.GetTempFileName();
        File.WriteAllText(text, "not\nan\nELF\n");
        try
        {
            var e = Assert.Throws<SignetFormatException>(() => Pkcs11Keys.Open(Pkcs11Uri.Parse($"pkcs11:object=k?module-path={text}&pin-value=1")));

            // The loader's reason (dlerror), without the runtime's advice on strace and LD_DEBUG.
            Assert.StartsWith($"PKCS#11 module {text} cannot be loaded: {text}: ", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("strace", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            File.Delete(text);
        }
    }

    [Fact]
    public void A_failing_call_names_its_return_value_and_function()
    {
        var token = SoftHsmToken.Create();
        var uri = Pkcs11Uri.Parse(token.Uri("k"));
        Pkcs11Keys.GenerateEcdsa(uri).Dispose();
        using var session = Pkcs11Module.OpenSession(uri);

        // No object has this handle: the module refuses C_SignInit, and the refusal reads as every other one.
        var e = Assert.Throws<Pkcs11CallException>(() => session.Sign(CkConstants.CKM_ECDSA, 0x7fff_fff0, SHA256.HashData("x"u8)));

        Assert.Equal("C_SignInit", e.Function);
        Assert.Matches("^CKR_(KEY|OBJECT)_HANDLE_INVALID from C_SignInit$", e.Message);
        Assert.Equal($"PKCS#11 {uri}: {e.Message}", Pkcs11Module.Describe(e, uri).Message);
    }

    [Fact]
    public void Return_values_have_their_standard_names_and_others_their_number()
    {
        Assert.Equal("CKR_PIN_INCORRECT", CkReturnValue.Name(0xA0));
        Assert.Equal("CKR_CRYPTOKI_ALREADY_INITIALIZED", CkReturnValue.Name(0x191));
        Assert.Equal("CKR_FUNCTION_FAILED", CkReturnValue.Name(0x6));
        Assert.Equal("CKR 0x80000001", CkReturnValue.Name(0x8000_0001));
    }

    [Fact]
    public void Closing_one_key_leaves_another_key_of_the_module_logged_in()
    {
        var token = SoftHsmToken.Create();
        using var first = Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("first")));
        var second = Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("second")));
        second.Dispose();

        var hash = SHA256.HashData("still signing"u8);
        Assert.True(first.VerifyHash(hash, first.SignHash(hash)));
    }

    [Fact]
    public void A_slot_id_alone_finds_the_token()
    {
        var token = SoftHsmToken.Create();
        Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(token.Uri("k"))).Dispose();
        nuint slot;
        using (var module = CkFunctionList.Load(SoftHsmToken.ModulePath))
        {
            module.Initialize();
            slot = module.GetSlotList(tokenPresent: true).Single(s => module.GetTokenInfo(s).Label == token.Label);
        }

        using var key = Pkcs11Keys.Open(Pkcs11Uri.Parse($"pkcs11:slot-id={slot};object=k?module-path={SoftHsmToken.ModulePath}&pin-value={SoftHsmToken.Pin}"));
        Assert.Equal(256, key.KeySize);
    }

    [Fact]
    public void A_key_generated_with_a_label_and_an_id_is_found_by_its_id_alone()
    {
        var token = SoftHsmToken.Create();
        var tail = $"?module-path={SoftHsmToken.ModulePath}&pin-value={SoftHsmToken.Pin}";
        using var made = Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse($"pkcs11:token={token.Label};object=labelled;id=%01%ff{tail}"), 521);

        using var byId = Pkcs11Keys.Open(Pkcs11Uri.Parse($"pkcs11:token={token.Label};id=%01%ff{tail}"));

        Assert.Equal(521, byId.KeySize);
        Assert.Equal(made.ExportSubjectPublicKeyInfo(), byId.ExportSubjectPublicKeyInfo());
        Assert.Throws<SignetFormatException>(() => Pkcs11Keys.Open(Pkcs11Uri.Parse($"pkcs11:token={token.Label};id=%02{tail}")));
    }
}
