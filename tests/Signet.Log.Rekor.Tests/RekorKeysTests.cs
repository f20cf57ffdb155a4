using System.Buffers.Binary;
using Signet.Core.Keys;
using Signet.Core.Notes;

namespace Signet.Log.Rekor.Tests;

public sealed class RekorKeysTests
{
    [Fact]
    public void The_tree_id_is_the_v1_log_id_prefix_without_its_sign_bit()
    {
        using var keys = RekorKeys.FromKeys(SigningKey.GenerateEd25519(), SigningKey.GenerateEcdsaP256(), "keys.test");
        Assert.Equal((long)(BinaryPrimitives.ReadUInt64BigEndian(keys.V1.LogId) & long.MaxValue), keys.TreeId);
        Assert.True(keys.TreeId >= 0);
    }

    [Fact]
    public void Checkpoints_carry_both_the_v2_and_the_v1_signature()
    {
        using var keys = RekorKeys.FromKeys(SigningKey.GenerateEd25519(), SigningKey.GenerateEcdsaP256(), "keys.test");
        var note = keys.CheckpointSigner.SignCheckpoint(3, new byte[32]);
        foreach (var key in new[] { keys.Checkpoint.PublicKey, keys.V1.PublicKey })
        {
            var verified = CheckpointVerifier.Verify(note, RekorNoteVerifier.Create("keys.test", key), "keys.test");
            Assert.Equal(3UL, verified.Checkpoint.Size);
        }
    }

    [Fact]
    public void Keys_are_created_once_and_loaded_after()
    {
        var dir = Directory.CreateTempSubdirectory("signet-rekor-keys-").FullName;
        try
        {
            long treeId;
            using (var created = RekorKeys.LoadOrCreate(dir, "keys.test"))
            {
                treeId = created.TreeId;
            }

            using var loaded = RekorKeys.LoadOrCreate(dir, "keys.test");
            Assert.Equal(treeId, loaded.TreeId);
            Assert.True(File.Exists(Path.Combine(dir, RekorV1Key.FileName)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
