using Signet.Core;
using Signet.Core.Notes;
using Signet.Files;

namespace Signet.Witness;

/// <summary>
/// The witness's Ed25519 cosigning key, made on first start: <c>D/witness.key</c> (mode 0600) holds the signer key
/// <c>PRIVATE+KEY+name+hash+base64(0x01 || seed)</c> (golang.org/x/mod/sumdb/note's form, as transparency-dev/witness
/// reads it) and <c>D/witness.vkey</c> the tlog-cosignature v1 verifier key <c>name+hash+base64(0x04 || public key)</c>
/// that logs and clients configure. The name is fixed with the key: its key ID depends on it.
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
        if (!NoteKeyId.IsValidName(name))
        {
            throw new SignetConfigurationException($"witness name '{name}' must be non-empty without spaces or '+' (C2SP signed-note key name)");
        }

        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, KeyFileName);
        if (!File.Exists(path))
        {
            DurableFile.CreateNew(path, Ed25519NoteKey.Generate(name).SignerKey + "\n");
        }

        CosignatureV1Signer signer;
        try
        {
            signer = Ed25519NoteKey.ParseCosigner(File.ReadAllText(path).Trim(), clock);
        }
        catch (SignetFormatException e)
        {
            throw new SignetConfigurationException($"{path}: {e.Message}", e);
        }

        if (signer.Name != name)
        {
            signer.Dispose();
            throw new SignetConfigurationException($"the witness at {dataDirectory} is named '{signer.Name}', not '{name}'; a witness cannot be renamed");
        }

        File.WriteAllText(Path.Combine(dataDirectory, VerifierKeyFileName), signer.VerifierKey + "\n");
        return signer;
    }
}
