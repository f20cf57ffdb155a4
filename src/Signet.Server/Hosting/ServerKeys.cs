using System.Security.Cryptography;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Files;
using Signet.Pkcs11;

namespace Signet.Server;

/// <summary>
/// The private keys an operator names for <c>signet serve</c> (<c>--ca-key</c>, <c>--ct-key</c>, <c>--tsa-key</c>,
/// <c>--log-key</c>, <c>--log-checkpoint-key</c>, <c>--tuf-online-key</c>; <c>signet witness serve --key</c>): an unencrypted PKCS#8 PEM file, or a key in a PKCS#11 token by its RFC 7512 URI
/// (<see cref="Pkcs11Uri"/>), which then signs inside the token and is never exported. Any failure to open one is a
/// <see cref="SignetConfigurationException"/> naming the option (<c>signet serve</c> exits 5 with one line).
/// </summary>
public static class ServerKeys
{
    /// <summary>The largest key file read.</summary>
    public const int MaxKeyFileBytes = 64 * 1024;

    /// <summary>Opens the key as an <see cref="ECDsa"/> (the CA's issuing key, the CT log's key, the TSA's signing key).</summary>
    /// <param name="reference">A PEM file or a <c>pkcs11:</c> URI.</param>
    /// <param name="option">The command-line option that named it, for messages.</param>
    public static ECDsa OpenEcdsa(string reference, string option) =>
        Open<ECDsa>(reference, option, uri => Pkcs11Keys.Open(uri), pem => EcPrivateKeyPem.Import(pem, reference));

    /// <summary>Opens the key as a <see cref="SigningKey"/> (the log's keys, the TUF online key, a witness's key).</summary>
    /// <param name="reference">A PEM file or a <c>pkcs11:</c> URI.</param>
    /// <param name="option">The command-line option that named it, for messages.</param>
    public static SigningKey OpenSigningKey(string reference, string option) =>
        Open(reference, option, Pkcs11Keys.OpenSigningKey, SigningKey.FromPem);

    /// <summary>
    /// Keeps an operator's key's public key in <c>DIR/keys/FILE.pub</c>, written when the key is first used (or changes):
    /// the trusted root's validity for the key starts then (<see cref="Trust.TrustMaterialFiles"/>), the same on every
    /// restart, since a key in a token or the operator's own file says nothing of when it came into use here.
    /// </summary>
    /// <param name="options">The server's options (its data directory).</param>
    /// <param name="fileName">The name the generated key would have (<c>FILE</c>).</param>
    /// <param name="publicKeyPem">The key's public key, PEM.</param>
    public static void RecordPublicKey(SignetServerOptions options, string fileName, string publicKeyPem)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keysDirectory = options.PathOf("keys");
        Directory.CreateDirectory(keysDirectory);
        var pubPath = Path.Combine(keysDirectory, fileName + ".pub");
        if (!File.Exists(pubPath) || File.ReadAllText(pubPath) != publicKeyPem)
        {
            File.WriteAllText(pubPath, publicKeyPem);
        }
    }

    /// <summary>Whether the reference names a key in a token (else a file).</summary>
    public static bool InToken(string reference) => Pkcs11Uri.IsPkcs11(reference);

    private static T Open<T>(string reference, string option, Func<Pkcs11Uri, T> fromToken, Func<string, T> fromPem)
    {
        ArgumentNullException.ThrowIfNull(reference);
        try
        {
            if (Pkcs11Uri.IsPkcs11(reference))
            {
                return fromToken(Pkcs11Uri.Parse(reference));
            }

            return File.Exists(reference)
                ? fromPem(BoundedFile.ReadText(reference, MaxKeyFileBytes))
                : throw new SignetFormatException($"{reference}: no such file");
        }
        catch (Exception e) when (e is SignetException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new SignetConfigurationException($"{option}: {e.Message}", e);
        }
    }
}
