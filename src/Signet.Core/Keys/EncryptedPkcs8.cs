using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Signet.Core.Asn1;
using Signet.Core.Encoding;

namespace Signet.Core.Keys;

/// <summary>
/// Password-protected PKCS#8 (RFC 5958 §3 EncryptedPrivateKeyInfo) with PBES2 (RFC 8018 §6.2): PBKDF2-HMAC-SHA256 and
/// AES-256-CBC. Reading accepts only PBES2 with PBKDF2 and refuses iteration counts that would stall the caller.
/// </summary>
internal static class EncryptedPkcs8
{
    /// <summary>PBKDF2-HMAC-SHA256 iterations when writing: OWASP's 2023 recommendation.</summary>
    public const int WriteIterations = 600_000;

    /// <summary>Reading refuses more iterations than this (an attacker-chosen count could hang the process).</summary>
    public const int MaxReadIterations = 10_000_000;

    public static string Encrypt(ReadOnlySpan<byte> pkcs8, ReadOnlySpan<char> password, int iterations = WriteIterations)
    {
        var info = Pkcs8PrivateKeyInfo.Decode(pkcs8.ToArray(), out _, skipCopy: true);
        var encrypted = info.Encrypt(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, iterations));
        return Pem.Encode(PemLabels.EncryptedPrivateKey, encrypted);
    }

    public static byte[] Decrypt(string pem, ReadOnlySpan<char> password)
    {
        var der = Pem.Decode(pem, PemLabels.EncryptedPrivateKey);
        CheckParameters(der);
        try
        {
            var info = Pkcs8PrivateKeyInfo.DecryptAndDecode(password, der, out var read);
            if (read != der.Length)
            {
                throw new SignetFormatException("encrypted private key: trailing bytes after EncryptedPrivateKeyInfo");
            }

            return info.Encode();
        }
        catch (CryptographicException e)
        {
            throw new KeyPasswordException("private key: the password does not decrypt this key (wrong password or corrupted key)", e);
        }
    }

    // RFC 8018 Appendix A.4: PBES2-params ::= SEQUENCE { keyDerivationFunc, encryptionScheme }.
    private static void CheckParameters(byte[] der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            var algorithm = outer.ReadSequence();
            var scheme = algorithm.ReadObjectIdentifier();
            if (scheme != AlgorithmOids.Pbes2)
            {
                throw new SignetFormatException($"encrypted private key: scheme {scheme} is not PBES2 (older PBES1 schemes are refused)");
            }

            var pbes2 = algorithm.ReadSequence();
            var kdf = pbes2.ReadSequence();
            var kdfOid = kdf.ReadObjectIdentifier();
            if (kdfOid != AlgorithmOids.Pbkdf2)
            {
                throw new SignetFormatException($"encrypted private key: key derivation {kdfOid} is not PBKDF2");
            }

            var kdfParams = kdf.ReadSequence();
            kdfParams.ReadOctetString(); // salt (RFC 8018 A.2: the "specified" choice)
            if (!kdfParams.TryReadInt32(out var iterations) || iterations < 1 || iterations > MaxReadIterations)
            {
                throw new SignetFormatException($"encrypted private key: PBKDF2 iteration count must be between 1 and {MaxReadIterations}");
            }
        }
        catch (AsnContentException e)
        {
            throw new SignetFormatException($"encrypted private key: malformed EncryptedPrivateKeyInfo DER ({e.Message})", e);
        }
    }
}
