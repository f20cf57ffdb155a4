using System.Security.Cryptography;
using System.Text;
using Signet.Core;
using Signet.Policy.Policies;

namespace Signet.Admission.Policies;

/// <summary>A policy and its version: a digest of the file it came from, so a cached result outlives a reload that did not change it.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Version">The SHA-256 (hex) of its file.</param>
/// <param name="File">The file, for messages.</param>
public sealed record VersionedPolicy(ClusterImagePolicy Policy, string Version, string File);

/// <summary>
/// The policies in force at one moment, read from a file or a directory of <c>*.yaml</c>/<c>*.yml</c> files
/// (a mounted ConfigMap). Immutable: a reload builds a new set and swaps it in whole.
/// </summary>
public sealed class PolicySet
{
    /// <summary>The most policy files a directory may hold.</summary>
    public const int MaxFiles = 256;

    private PolicySet(IReadOnlyList<VersionedPolicy> policies, string fingerprint)
    {
        Policies = policies;
        Fingerprint = fingerprint;
    }

    /// <summary>Every policy, in file then document order.</summary>
    public IReadOnlyList<VersionedPolicy> Policies { get; }

    /// <summary>A digest over every file: equal fingerprints, equal sets.</summary>
    public string Fingerprint { get; }

    /// <summary>The policies whose globs match <paramref name="image"/> (policy-controller: every match applies, all must pass).</summary>
    public IReadOnlyList<VersionedPolicy> For(string image) => Policies.Where(p => p.Policy.AppliesTo(image)).ToArray();

    /// <summary>Reads <paramref name="path"/>: one policy file, or every <c>*.yaml</c>/<c>*.yml</c> file directly in a directory (an empty directory is an empty set).</summary>
    /// <exception cref="SignetFormatException">A file is not a valid policy file, or a policy name is given twice.</exception>
    /// <exception cref="SignetConfigurationException">The path does not exist or cannot be read.</exception>
    public static PolicySet Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string[] files;
        if (Directory.Exists(path))
        {
            // A ConfigMap volume holds ..data/ and symlinks to it; hidden entries are its machinery.
            files = Directory.EnumerateFiles(path)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && (f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (files.Length > MaxFiles)
            {
                throw new SignetConfigurationException($"policies: {path} holds {files.Length} policy files; the limit is {MaxFiles}");
            }
        }
        else if (File.Exists(path))
        {
            files = [path];
        }
        else
        {
            throw new SignetConfigurationException($"policies: {path} is neither a file nor a directory");
        }

        var policies = new List<VersionedPolicy>();
        var all = new StringBuilder();
        foreach (var file in files)
        {
            byte[] bytes;
            try
            {
                bytes = Files.BoundedFile.Read(file, ClusterImagePolicy.MaxFileBytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SignetConfigurationException($"policies: cannot read {file}: {e.Message}", e);
            }

            var version = Convert.ToHexStringLower(SHA256.HashData(bytes));
            all.Append(Path.GetFileName(file)).Append('=').Append(version).Append('\n');
            IReadOnlyList<ClusterImagePolicy> parsed;
            try
            {
                // YAML 1.2 §5.2: a stream may begin with a byte order mark (editors on Windows write one).
                var text = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes;
                parsed = ClusterImagePolicy.ParseAll(Encoding.UTF8.GetString(text));
            }
            catch (SignetFormatException e)
            {
                throw new SignetFormatException($"policies: {file}: {e.Message}", e);
            }

            policies.AddRange(parsed.Select(p => new VersionedPolicy(p, version, file)));
        }

        var twice = policies.GroupBy(p => p.Policy.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new SignetFormatException($"policies: '{twice.Key}' is defined in {string.Join(" and ", twice.Select(p => p.File))}");
        }

        return new PolicySet(policies, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString()))));
    }
}
