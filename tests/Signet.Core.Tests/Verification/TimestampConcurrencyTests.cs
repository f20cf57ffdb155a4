using Signet.Core.Verification;
using static Signet.Core.Tests.Verification.TimestampChainFactory;

namespace Signet.Core.Tests.Verification;

/// <summary>
/// One trusted timestamp authority shared by threads that verify at once, as <c>nuget verify</c> checks a package's
/// files in parallel against trust material parsed once. Each round starts from a freshly decoded authority (the
/// state of a new process), because the race this guards against is in the certificates' first, lazy decoding:
/// <c>X509EnhancedKeyUsageExtension.EnhancedKeyUsages</c> decodes into its shared field through an <c>out</c>
/// argument that is assigned an empty collection before the OIDs are added, so a thread reading it while another
/// decodes saw no timeStamping EKU and refused a valid token.
/// </summary>
public sealed class TimestampConcurrencyTests
{
    private const int Threads = 8;
    private const int Rounds = 300;

    [Fact]
    public void Parallel_first_verifications_over_one_shared_authority_all_accept_valid_timestamps()
    {
        using var root = SelfSignedCa("tsa-root");
        using var leaf = Issue(root, "tsa", TsaProfile());
        var signatures = Enumerable.Range(0, Threads).Select(i => new byte[] { (byte)i, 1, 2, 3 }).ToArray();

        // Not embedded: the signer is found among the trusted authority's own (shared) certificates.
        var tokens = signatures.Select(s => Token(leaf, s, embedSigner: false)).ToArray();

        var refusals = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var authority = Authority(leaf, root);
            using var start = new Barrier(Threads);
            var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    SignedTimestampVerifier.Verify(tokens[i], signatures[i], [authority], $"timestamp {i}");
                }
                catch (VerificationException e)
                {
                    lock (refusals)
                    {
                        refusals.Add($"round {round}: {e.Message}");
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
        }

        Assert.Empty(refusals);
    }
}
