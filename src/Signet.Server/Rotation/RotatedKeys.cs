using System.Text.Json;
using System.Text.Json.Nodes;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Files;
using Signet.Pkcs11;

namespace Signet.Server.Rotation;

/// <summary>
/// Where an operator's rotated key now is (<c>--log-key</c>, <c>--log-checkpoint-key</c>, <c>--tsa-key</c>, <c>--ct-key</c>
/// given as a file or a <c>pkcs11:</c> URI):
/// the new key is made beside the old one — a new PEM file in the same folder (<c>NAME.STAMP.pem</c>), or a new key
/// pair in the same token (label <c>OBJECT-STAMP</c>) — and <c>DIR/rotation/keys.json</c> records, per option, the
/// reference as the operator gives it and the current key's file or label (never a PIN). A restart with the same
/// option then opens the current key; a reference the record does not name is used as given.
/// </summary>
internal sealed class RotatedKeys
{
    private const string FileName = "keys.json";
    private readonly string _path;
    private readonly JsonObject _entries;

    private RotatedKeys(string path, JsonObject entries)
    {
        _path = path;
        _entries = entries;
    }

    public static RotatedKeys Load(SignetServerOptions options)
    {
        var path = options.PathOf(KeyRotation.StateFolder, FileName);
        try
        {
            return new RotatedKeys(path, File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not an object") : []);
        }
        catch (JsonException e)
        {
            throw new SignetConfigurationException($"{path}: not the rotation record signet serve writes ({e.Message})", e);
        }
    }

    /// <summary>The key the option names now: the rotated one when <paramref name="given"/> is the one rotated, else as given.</summary>
    public string? Current(string option, string? given)
    {
        if (given is null || _entries[option] is not JsonObject entry || (string?)entry["given"] != Identity(given))
        {
            return given;
        }

        return entry["object"] is { } label ? Pkcs11Uri.WithObject(given, (string)label!) : (string?)entry["file"] ?? given;
    }

    /// <summary>The reference the operator gave for <paramref name="option"/> when it was last rotated (a file by its full
    /// path, a token's key by its URI without the PIN), or null when it never was.</summary>
    public string? Given(string option) => _entries[option] is JsonObject entry ? (string?)entry["given"] : null;

    /// <summary>Makes a new ECDSA P-256 (or Ed25519) key beside <paramref name="current"/> and records it as the option's key.</summary>
    /// <param name="option">The command-line option (the record's key).</param>
    /// <param name="given">The reference as the operator gave it.</param>
    /// <param name="current">The key in use until now (<see cref="Current"/> of <paramref name="given"/>).</param>
    /// <param name="stamp">The rotation's time, in names.</param>
    /// <param name="ed25519">Make an Ed25519 key (the log's checkpoint key) instead.</param>
    /// <returns>The new key's reference.</returns>
    public string Replace(string option, string given, string current, string stamp, bool ed25519 = false)
    {
        var entry = new JsonObject { ["given"] = Identity(given) };
        string replaced;
        if (Pkcs11Uri.IsPkcs11(given))
        {
            var uri = Pkcs11Uri.Parse(given);
            var label = $"{uri.ObjectLabel ?? "key"}-{stamp}";
            replaced = Pkcs11Uri.WithObject(current, label);
            try
            {
                if (ed25519)
                {
                    Pkcs11Keys.GenerateEd25519(Pkcs11Uri.Parse(replaced)).Dispose();
                }
                else
                {
                    Pkcs11Keys.GenerateEcdsa(Pkcs11Uri.Parse(replaced)).Dispose();
                }
            }
            catch (SignetException e)
            {
                throw new SignetConfigurationException($"{option}: {e.Message}", e);
            }

            entry["object"] = label;
        }
        else
        {
            var folder = Path.GetDirectoryName(given)!;
            replaced = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(given)}.{stamp}.pem");
            if (File.Exists(replaced))
            {
                throw new SignetConfigurationException($"{option}: {replaced} exists already; a key is rotated once a second");
            }

            Signet.Log.Engine.KeyFile.LoadOrCreate(replaced, ed25519 ? SigningKey.GenerateEd25519 : SigningKey.GenerateEcdsaP256).Dispose();
            entry["file"] = replaced;
        }

        _entries[option] = entry;
        return replaced;
    }

    public void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        DurableFile.Replace(_path, _entries.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    // A file by its full path, a token's key by its URI without the PIN.
    private static string Identity(string reference) => Pkcs11Uri.IsPkcs11(reference) ? Pkcs11Uri.Parse(reference).ToString() : Path.GetFullPath(reference);
}
