using Signet.Core;
using Signet.Core.Keys;
using Signet.Core.Notes;
using Signet.Files;

namespace Signet.Witness;

/// <summary>
/// The witness's Ed25519 cosigning key. Without an operator's key it is made on first start: <c>D/witness.key</c>
/// (mode 0600) holds the signer key <c>PRIVATE+KEY+name+hash+base64(0x01 || seed)</c> (golang.org/x/mod/sumdb/note's
/// form, as transparency-dev/witness reads it). An operator may give the key instead (<see cref="FromKey"/>: a PEM file,
/// or a key in a PKCS#11 token that signs inside it). Either way <c>D/witness.vkey</c> holds the tlog-cosignature v1
/// verifier key <c>name+hash+base64(0x04 || public key)</c> that logs and clients configure, and it fixes the witness's
/// identity: a later start with another name or another key is refused, since every log that trusts this witness would
/// stop counting its cosignatures.
/// </summary>
public static class WitnessKey
{
    /// <summary>The private key's file name.</summary>
    public const string KeyFileName = "witness.key";

    /// <summary>The verifier key's file name.</summary>
    public const string VerifierKeyFileName = "witness.vkey";

    /// <summary>Loads the key from <paramref name="dataDirectory"/>, creating it (and the verifier key file) on first start.</summary>
    /// <param name="dataDirectory">The witness's data directory.</param>
    /// <param name="name">The witness's name (its key name); must be the one the key was made with.</param>
    /// <param name="clock">The clock of the cosignatures' timestamps.</param>
    public static CosignatureV1Signer LoadOrCreate(string dataDirectory, string name, TimeProvider clock)
    {
        CheckName(name);
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, KeyFileName);
        if (!File.Exists(path))
        {
            if (File.Exists(Path.Combine(dataDirectory, VerifierKeyFileName)))
            {
                // A witness started with an operator's key (or whose key file was lost): a new key would be a new witness.
                throw new SignetConfigurationException(
                    $"the witness at {dataDirectory} has a verifier key ({VerifierKeyFileName}) but no {KeyFileName}: give its key with --key, or move {VerifierKeyFileName} aside to start a new witness");
            }

            DurableFile.CreateNew(path, Ed25519NoteKey.Generate(name).SignerKey + "\n");
        }

        CosignatureV1Signer signer;
        try
        {
            // A note key line: a hundred bytes or so.
            signer = Ed25519NoteKey.ParseCosigner(BoundedFile.ReadText(path, 64 * 1024).Trim(), clock);
        }
        catch (Exception e) when (e is SignetFormatException or IOException or UnauthorizedAccessException)
        {
            throw new SignetConfigurationException($"{path}: {e.Message}", e);
        }

        return Record(dataDirectory, name, signer);
    }

    /// <summary>
    /// The cosigner of an operator's key (a PEM file or a token's key, opened by the host), under the witness's name;
    /// its verifier key is recorded in <c>D/witness.vkey</c> on first start and must match it after.
    /// </summary>
    /// <param name="dataDirectory">The witness's data directory.</param>
    /// <param name="name">The witness's name (its key name).</param>
    /// <param name="key">The key; owned by the result, disposed if it is refused.</param>
    /// <param name="clock">The clock of the cosignatures' timestamps.</param>
    /// <param name="what">What named the key, for messages (<c>--key</c>).</param>
    /// <exception cref="SignetConfigurationException">The key is not Ed25519, or the witness was made with another name or key.</exception>
    public static CosignatureV1Signer FromKey(string dataDirectory, string name, SigningKey key, TimeProvider clock, string what)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            CheckName(name);
            if (key.Algorithm != SigningAlgorithm.PkixEd25519)
            {
                throw new SignetConfigurationException($"{what}: a witness's key must be Ed25519 (C2SP tlog-cosignature v1), not {key.Algorithm}");
            }

            Directory.CreateDirectory(dataDirectory);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return Record(dataDirectory, name, new CosignatureV1Signer(name, key, clock));
    }

    private static bool IsCosignerKey(string vkey, out string? why)
    {
        try
        {
            _ = NoteVerifierKey.ParseCosigner(vkey);
            why = null;
            return true;
        }
        catch (SignetFormatException e)
        {
            why = e.Message;
            return false;
        }
    }

    private static void CheckName(string name)
    {
        if (!NoteKeyId.IsValidName(name))
        {
            throw new SignetConfigurationException($"witness name '{name}' must be non-empty without spaces or '+' (C2SP signed-note key name)");
        }
    }

    // The verifier key file is the witness's identity: written on first start, compared on every later one.
    private static CosignatureV1Signer Record(string dataDirectory, string name, CosignatureV1Signer signer)
    {
        var path = Path.Combine(dataDirectory, VerifierKeyFileName);
        var recorded = File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        string? refusal = null;
        if (recorded is not null && !IsCosignerKey(recorded, out var why))
        {
            refusal = $"{path}: not a tlog-cosignature verifier key ({why}); it is this witness's identity, restore it or move it aside to start a new witness";
        }
        else if (signer.Name != name)
        {
            refusal = $"the witness at {dataDirectory} is named '{signer.Name}', not '{name}'; a witness cannot be renamed";
        }
        else if (recorded is not null && recorded != signer.VerifierKey)
        {
            var recordedName = recorded.Split('+')[0];
            refusal = recordedName != name
                ? $"the witness at {dataDirectory} is named '{recordedName}', not '{name}'; a witness cannot be renamed"
                : $"the witness at {dataDirectory} is {recorded}; this key would make it {signer.VerifierKey}, another witness (move {VerifierKeyFileName} aside to start one)";
        }

        if (refusal is not null)
        {
            signer.Dispose();
            throw new SignetConfigurationException(refusal);
        }

        if (recorded is null)
        {
            DurableFile.Replace(path, signer.VerifierKey + "\n");
        }

        return signer;
    }
}
