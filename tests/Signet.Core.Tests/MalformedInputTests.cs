using Signet.Core.Dsse;
using Signet.Core.Encoding;
using Signet.Core.InToto;
using Signet.Core.Keys;
using Signet.Core.Notes;

namespace Signet.Core.Tests;

/// <summary>
/// Mutated input (bit flips, truncation, insertion, duplication) into every parser of the core: the only exceptions that
/// may escape are the format exception and, for notes, the verification exception — never IndexOutOfRange, NullReference,
/// ArgumentOutOfRange or a hang. Fixed seeds keep runs reproducible.
/// </summary>
public sealed class MalformedInputTests
{
    private const int Mutations = 1500;


    [Fact]
    public void Mutated_checkpoints_only_raise_typed_errors()
    {
        var vectors = Notes.NoteVectors.RekorCheckpoints.EnumerateArray().ToList();
        var v1 = vectors.Single(c => c.GetProperty("name").GetString() == "happy-path-v0.1");
        var key = VerificationKey.FromSpki(Convert.FromBase64String(v1.GetProperty("publicKey").GetProperty("rawBytes").GetString()!));
        var verifier = RekorNoteVerifier.Create("rekor.sigstore.dev", key);
        var good = System.Text.Encoding.UTF8.GetBytes(v1.GetProperty("checkpointEnvelope").GetString()!);
        var accepted = Run(good, 1, m =>
        {
            CheckpointVerifier.Verify(m, verifier);
        }, typeof(NoteVerificationException));
        Assert.InRange(accepted, 0, Mutations / 10); // almost every mutation must be refused
    }

    [Fact]
    public void Mutated_pem_spki_and_pkcs8_only_raise_format_errors()
    {
        using var signing = SigningKey.GenerateEcdsaP256();
        var spkiPem = System.Text.Encoding.ASCII.GetBytes(signing.PublicKey.ToPem());
        Run(spkiPem, 2, m => VerificationKey.FromPem(System.Text.Encoding.ASCII.GetString(m)));
        Run(signing.PublicKey.SpkiDer, 3, m => VerificationKey.FromSpki(m));
        using var ed = SigningKey.GenerateEd25519();
        Run(ed.PublicKey.SpkiDer, 4, m => VerificationKey.FromSpki(m));
        Run(signing.ExportPkcs8(), 5, m => SigningKey.FromPkcs8(m).Dispose());
        Run(ed.ExportPkcs8(), 6, m => SigningKey.FromPkcs8(m).Dispose());
    }

    [Fact]
    public void Mutated_private_key_pem_only_raises_format_errors()
    {
        using var p256 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        Run(System.Text.Encoding.ASCII.GetBytes(p256.ExportPkcs8PrivateKeyPem()), 11, m => EcPrivateKeyPem.Import(System.Text.Encoding.ASCII.GetString(m), "key").Dispose());
        Run(System.Text.Encoding.ASCII.GetBytes(p256.ExportECPrivateKeyPem()), 12, m => EcPrivateKeyPem.Import(System.Text.Encoding.ASCII.GetString(m), "key").Dispose());
        using var ed = SigningKey.GenerateEd25519();
        Run(System.Text.Encoding.ASCII.GetBytes(Pem.Encode(PemLabels.PrivateKey, ed.ExportPkcs8())), 13, m => SigningKey.FromPem(System.Text.Encoding.ASCII.GetString(m), "key").Dispose());
    }

    [Fact]
    public void Mutated_json_only_raises_format_errors()
    {
        using var key = SigningKey.GenerateEcdsaP256();
        var statement = """{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha256":"abcd"}}],"predicateType":"p","predicate":{"x":[1,2.5e3,"\u00e9"]}}"""u8.ToArray();
        var envelope = Signet.Core.Dsse.Dsse.Sign(InTotoStatement.PayloadType, statement, key).ToJson();
        Run(envelope, 7, m => DsseEnvelope.Parse(m));
        Run(statement, 8, m => InTotoStatement.Parse(m));
        Run(statement, 9, m => Signet.Core.Json.Rfc8785.Canonicalize(m));
    }

    [Fact]
    public void Mutated_verifier_keys_only_raise_format_errors()
    {
        var vkey = System.Text.Encoding.ASCII.GetBytes(Notes.NoteVectors.Golang.GetProperty("keys").GetProperty("verifier").GetProperty("EnochRoot").GetString()!);
        Run(vkey, 10, m => Ed25519NoteKey.ParseVerifier(System.Text.Encoding.UTF8.GetString(m)));
    }

    /// <summary>Feeds mutations of <paramref name="good"/> to <paramref name="parse"/>; returns how many were accepted.</summary>
    private static int Run(byte[] good, int seed, Action<byte[]> parse, Type? alsoAllowed = null)
    {
        parse(good); // the unmutated input is valid
        var random = new Random(seed);
        var accepted = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var m = Mutate(good, random);
            try
            {
                parse(m);
                accepted++;
            }
            catch (SignetFormatException)
            {
            }
            catch (Exception e) when (alsoAllowed is not null && alsoAllowed.IsInstanceOfType(e))
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"mutation {i} (seed {seed}) raised {e.GetType().Name}: {e.Message}\ninput (base64): {Convert.ToBase64String(m)}");
            }
        }

        return accepted;
    }

    private static byte[] Mutate(byte[] good, Random random)
    {
        var bytes = new List<byte>(good);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes.RemoveRange(at, bytes.Count - at); break;
                case 2: bytes.Insert(at, (byte)random.Next(256)); break;
                case 3: bytes.RemoveAt(at); break;
                default: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(8, bytes.Count - at))); break;
            }
        }

        return [.. bytes];
    }
}
