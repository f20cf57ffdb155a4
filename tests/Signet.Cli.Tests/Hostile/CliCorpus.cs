using System.Text;
using Signet.Server.Tests.Hostile;

namespace Signet.Cli.Tests.Hostile;

/// <summary>
/// The CLI half of the malformed-input corpus: every file the CLI reads (bundle, trusted root, signing config, keys,
/// checkpoints, policies, TUF metadata and caches) broken in every way <see cref="JsonMutations"/> and
/// <see cref="Breakages"/> know, files that are missing or are folders, and arguments that are not what they claim.
/// </summary>
public static class CliCorpus
{
    private const string In = "{dir}/input";
    private const string Closed = "http://127.0.0.1:9"; // the discard port, closed here: a service that cannot be reached

    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "TestData");

    private static readonly int[] Refused = [0, 1, 2, 3];
    private static readonly int[] RefusedOrUnreachable = [0, 1, 2, 3, 4];

    public const string RekorKeyPem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwrkBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==\n-----END PUBLIC KEY-----\n";

    public const string Policy = """
        apiVersion: policy.sigstore.dev/v1beta1
        kind: ClusterImagePolicy
        metadata:
          name: p
        spec:
          images:
          - glob: "**"
          authorities:
          - keyless:
              identities:
              - issuer: https://accounts.google.com
                subject: a@b.c
        """;

    public const string Rules = "rules:\n  - name: builder\n    cel: 'predicate.builder.id == \"x\"'\n";

    public static IReadOnlyDictionary<string, CliCase> All { get; } = Build().ToDictionary(c => c.Id);

    private static byte[] Read(string relative) => File.ReadAllBytes(Path.Combine(Data, relative));

    private static string Text(string relative) => Encoding.UTF8.GetString(Read(relative));

    /// <summary>The valid files every case starts from.</summary>
    public static IReadOnlyDictionary<string, byte[]> BaseFiles { get; } = new Dictionary<string, byte[]>
    {
        ["a.txt"] = Read("hostile/a.txt"),
        ["bundle.json"] = Read("hostile/bundle.sigstore.json"),
        ["intoto.json"] = Read("hostile/intoto.sigstore.json"),
        ["root.json"] = Read("production_trusted_root.json"),
        ["checkpoint.txt"] = Read("seeds/signed-note/rekor-0.txt"),
        ["rekor.pem"] = Encoding.ASCII.GetBytes(RekorKeyPem),
        ["policy.yaml"] = Encoding.UTF8.GetBytes(Policy),
        ["rules.yaml"] = Encoding.UTF8.GetBytes(Rules),
        ["signing-config.json"] = Encoding.UTF8.GetBytes(Text("seeds/signing-config/v0.2.json").Replace("https://", Closed + "/", StringComparison.Ordinal)),
        ["token.txt"] = Read("seeds/jwt/email.txt"),
        ["password.txt"] = "password\n"u8.ToArray(),
    };

    /// <summary>Each command that reads a file, with <c>{dir}/input</c> where the file goes.</summary>
    private static IEnumerable<(string Name, string[] Args, string Valid, Func<string, string> Template, int[] Allowed)> Inputs()
    {
        var id = new[] { "--certificate-identity", "x@y.z", "--certificate-oidc-issuer", "https://accounts.google.com" };
        yield return ("verify --bundle", ["verify", "{dir}/a.txt", "--bundle", In, "--trusted-root", "{dir}/root.json", .. id], Text("hostile/bundle.sigstore.json"),
            t => Mark(t, "mediaType"), Refused);
        yield return ("verify --trusted-root", ["verify", "{dir}/a.txt", "--bundle", "{dir}/bundle.json", "--trusted-root", In, .. id], Text("production_trusted_root.json"),
            t => Mark(t, "mediaType"), Refused);
        yield return ("bundle inspect", ["bundle", "inspect", In], Text("hostile/bundle.sigstore.json"), t => Mark(t, "mediaType"), Refused);
        yield return ("verify-attestation --bundle", ["verify-attestation", "{dir}/a.txt", "--bundle", In, "--trusted-root", "{dir}/root.json", .. id], Text("hostile/intoto.sigstore.json"),
            t => Mark(t, "payloadType"), Refused);
        yield return ("verify-bundle --bundle", ["verify-bundle", "{dir}/a.txt", "--bundle", In, "--trusted-root", "{dir}/root.json", .. id], Text("hostile/bundle.sigstore.json"),
            t => Mark(t, "mediaType"), Refused);
        yield return ("sign --signing-config", ["sign", "{dir}/a.txt", "--bundle", "{dir}/out.json", "--identity-token", "{dir}/token.txt", "--signing-config", In, "--trusted-root", "{dir}/root.json"],
            Text("seeds/signing-config/v0.2.json").Replace("https://", Closed + "/", StringComparison.Ordinal), t => Mark(t, "mediaType"), RefusedOrUnreachable);
        yield return ("trust init --root", ["trust", "init", "--mirror", Closed + "/", "--root", In, "--tuf-cache", "{dir}/cache"], Text("seeds/tuf-metadata/root.json"),
            t => Mark(t, "_type"), RefusedOrUnreachable);
    }

    private static IEnumerable<(string Name, string[] Args, byte[] Valid, int[] Allowed)> TextInputs()
    {
        yield return ("checkpoint verify", ["checkpoint", "verify", In, "--key", "{dir}/rekor.pem"], Read("seeds/signed-note/rekor-0.txt"), Refused);
        yield return ("checkpoint verify --key", ["checkpoint", "verify", "{dir}/checkpoint.txt", "--key", In], Encoding.ASCII.GetBytes(RekorKeyPem), Refused);
        yield return ("verify --key", ["verify", "{dir}/a.txt", "--bundle", "{dir}/bundle.json", "--trusted-root", "{dir}/root.json", "--key", In], Encoding.ASCII.GetBytes(RekorKeyPem), Refused);
        yield return ("policy test --policy", ["policy", "test", "--policy", In, "{dir}/a.txt", "--bundle", "{dir}/bundle.json", "--trusted-root", "{dir}/root.json"], Encoding.UTF8.GetBytes(Policy), Refused);
        yield return ("verify-attestation --policy", ["verify-attestation", "{dir}/a.txt", "--bundle", "{dir}/intoto.json", "--trusted-root", "{dir}/root.json",
            "--certificate-identity", "x", "--certificate-oidc-issuer", "y", "--policy", In], Encoding.UTF8.GetBytes(Rules), Refused);
        yield return ("import-key-pair --key", ["import-key-pair", "--key", In, "--password-file", "{dir}/password.txt", "--output-key-prefix", "{dir}/imported"],
            Encoding.ASCII.GetBytes("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnsibmFtZSI6InNjcnlwdCJ9fQ==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n"), Refused);
        yield return ("sign --identity-token", ["sign", "{dir}/a.txt", "--bundle", "{dir}/out.json", "--identity-token", In, "--signing-config", "{dir}/signing-config.json", "--trusted-root", "{dir}/root.json"],
            Read("seeds/jwt/email.txt"), RefusedOrUnreachable);
    }

    private static IEnumerable<CliCase> Build()
    {
        foreach (var (name, args, valid, template, allowed) in Inputs())
        {
            foreach (var (mutation, body) in JsonMutations.Of(template(valid)))
            {
                yield return Case($"{name} {mutation}", args, body, allowed);
            }

            foreach (var (breakage, body) in Breakages.Of(Encoding.UTF8.GetBytes(valid)))
            {
                yield return Case($"{name} file-{breakage}", args, body, allowed);
            }

            foreach (var c in Paths(name, args, allowed))
            {
                yield return c;
            }
        }

        foreach (var (name, args, valid, allowed) in TextInputs())
        {
            foreach (var (breakage, body) in Breakages.Of(valid).Concat(Breakages.OfText(Encoding.UTF8.GetString(valid))))
            {
                yield return Case($"{name} file-{breakage}", args, body, allowed);
            }

            foreach (var c in Paths(name, args, allowed))
            {
                yield return c;
            }
        }

        foreach (var c in Arguments())
        {
            yield return c;
        }
    }

    private static CliCase Case(string id, string[] args, byte[]? input, int[] allowed) => new(id, args, input, allowed);

    /// <summary>The input is missing, a folder, or the empty path.</summary>
    private static IEnumerable<CliCase> Paths(string name, string[] args, int[] allowed)
    {
        yield return Case($"{name} missing-file", args, null, allowed);
        yield return Case($"{name} folder", [.. args.Select(a => a == In ? "{dir}" : a)], null, allowed);
        yield return Case($"{name} empty-path", [.. args.Select(a => a == In ? "" : a)], null, allowed);
        yield return Case($"{name} dev-null", [.. args.Select(a => a == In ? "/dev/null" : a)], null, allowed);
    }

    /// <summary>Arguments that are not what they claim to be (the command reads no broken file).</summary>
    private static IEnumerable<CliCase> Arguments()
    {
        var verify = new[] { "verify", "--bundle", "{dir}/bundle.json", "--trusted-root", "{dir}/root.json", "--certificate-identity", "x", "--certificate-oidc-issuer", "y" };
        foreach (var artifact in new[] { "sha256:zz", "sha256:", "sha256:" + new string('a', 63), "sha512:" + new string('a', 128), "sha256:" + new string('A', 64) + "00", "{dir}/missing.txt", "{dir}", "" })
        {
            yield return Case($"verify artifact '{(artifact.Length > 20 ? artifact[..20] : artifact)}' {artifact.Length}", [.. verify, artifact], null, Refused);
        }

        var inclusion = new[] { "checkpoint", "verify-inclusion", "{dir}/checkpoint.txt", "--key", "{dir}/rekor.pem" };
        var leaf = new string('a', 64);
        var bad = new (string, string[])[]
        {
            ("index-negative", ["--leaf-hash", leaf, "--index", "-1"]), ("index-text", ["--leaf-hash", leaf, "--index", "abc"]),
            ("index-huge", ["--leaf-hash", leaf, "--index", "99999999999999999999999"]), ("index-beyond-tree", ["--leaf-hash", leaf, "--index", "23083062"]),
            ("leaf-not-hex", ["--leaf-hash", "zz", "--index", "0"]), ("leaf-short", ["--leaf-hash", "abcd", "--index", "0"]),
            ("proof-not-hex", ["--leaf-hash", leaf, "--index", "0", "--proof", "xyz"]), ("proof-short", ["--leaf-hash", leaf, "--index", "0", "--proof", "ab,cd"]),
            ("proof-many", ["--leaf-hash", leaf, "--index", "0", "--proof", string.Join(',', Enumerable.Repeat(leaf, 200))]),
        };
        foreach (var (name, extra) in bad)
        {
            yield return Case($"checkpoint verify-inclusion {name}", [.. inclusion, .. extra], null, Refused);
        }

        foreach (var (name, key) in new[] { ("vkey-garbage", "a+b+c"), ("vkey-bad-hash", "rekor.sigstore.dev+zzzzzzzz+AQID"), ("vkey-empty-name", "+00000000+AQID"), ("vkey-invalid-base64", "n+00000000+!!!") })
        {
            yield return Case($"checkpoint verify --key {name}", ["checkpoint", "verify", "{dir}/checkpoint.txt", "--key", key], null, Refused);
        }

        foreach (var (name, witness) in new[] { ("garbage", "nonsense"), ("bad-base64", "w+00000000+!!!"), ("empty", "") })
        {
            yield return Case($"checkpoint verify --witness {name}", ["checkpoint", "verify", "{dir}/checkpoint.txt", "--key", "{dir}/rekor.pem", "--witness", witness], null, Refused);
        }

        foreach (var quorum in new[] { "-1", "1", "99999999999" })
        {
            yield return Case($"checkpoint verify --witness-quorum {quorum}", ["checkpoint", "verify", "{dir}/checkpoint.txt", "--key", "{dir}/rekor.pem", "--witness-quorum", quorum], null, [2]);
        }

        // A TUF cache whose files are broken: trust show reads it offline.
        foreach (var (file, body) in new[] { ("mirror.json", "{"), ("mirror.json", "{\"mirror\":\"not a url\"}"), ("last-update.json", "\u00ff"), ("root.json", "[]"), ("trusted_root.json", "{}") })
        {
            var files = new Dictionary<string, byte[]> { ["cache/mirror.json"] = Encoding.UTF8.GetBytes("{\"mirror\":\"" + Closed + "/\"}") };
            files[$"cache/{file}"] = Encoding.UTF8.GetBytes(body);
            yield return new CliCase($"trust show broken {file} {body.Length}", ["trust", "show", "--tuf-cache", "{dir}/cache"], null, Refused) { Extra = files };
        }
    }

    /// <summary>The input with the string value of its first <paramref name="key"/> replaced by the mutation marker.</summary>
    private static string Mark(string json, string key)
    {
        var at = json.IndexOf("\"" + key + "\"", StringComparison.Ordinal);
        var open = at < 0 ? -1 : json.IndexOf('"', json.IndexOf(':', at) + 1);
        if (open < 0)
        {
            throw new InvalidOperationException($"'{key}' has no string value in the input");
        }

        var close = json.IndexOf('"', open + 1);
        return json[..(open + 1)] + JsonMutations.Marker + json[close..];
    }
}
