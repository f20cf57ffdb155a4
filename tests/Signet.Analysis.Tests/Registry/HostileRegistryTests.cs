using System.Text;
using Signet.Analysis.Tests.Provenance;
using Signet.Testing.Processes;

namespace Signet.Analysis.Tests.Registry;

/// <summary>
/// <c>signet analyze npm:NAME@VERSION</c> against a registry that answers what no registry should: every answer is
/// invalid input (exit 3) in one line naming the document, never an internal error. Before, a version document without
/// <c>dist</c>, with a <c>tarball</c> that is not a URL or not a string, or an <c>integrity</c> that is not base64 each
/// ended as exit 70 (KeyNotFoundException, UriFormatException, InvalidOperationException, FormatException).
/// </summary>
public sealed class HostileRegistryTests
{
    private const string Base = "{base}";

    public static TheoryData<string, string> Answers() => new()
    {
        { "[]", "expected a JSON object" },
        { "{}", "dist: missing" },
        { "{\"dist\":[]}", "dist: expected a JSON object" },
        { "{\"dist\":{}}", "tarball: missing" },
        { "{\"dist\":{\"tarball\":42}}", "tarball" },
        { "{\"dist\":{\"tarball\":\"not a url\"}}", "'not a url' is not an http(s) URL" },
        { "{\"dist\":{\"tarball\":\"file:///etc/passwd\"}}", "is not an http(s) URL" },
        { "{\"dist\":{\"tarball\":\"{base}t.tgz\",\"integrity\":\"sha512-!!!\"}}", "dist.integrity is not a SHA-512 digest in base64" },
        { "{\"dist\":{\"tarball\":\"{base}t.tgz\",\"integrity\":\"sha512-AAAA\"}}", "dist.integrity is not a SHA-512 digest in base64" },
        { "{\"dist\":{\"tarball\":\"{base}t.tgz\",\"integrity\":7}}", "integrity" },
        { "{\"dist\":{\"tarball\":\"{base}t.tgz\"},\"dist\":{}}", "not valid JSON" },
        { "{", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void A_malformed_version_document_is_invalid_input_in_one_line(string document, string expected)
    {
        // The project's loopback registry, serving the version document at the path npm clients ask for.
        // The document names the registry's own URL, known once it listens: it is added to the map the registry serves.
        var documents = new Dictionary<string, byte[]>();
        using var registry = new FixtureRegistry(documents);
        documents["/some-package/1.0.0"] = Encoding.UTF8.GetBytes(document.Replace(Base, registry.Url.ToString(), StringComparison.Ordinal));

        var r = SignetProcess.Run(["analyze", "npm:some-package@1.0.0"], workingDirectory: null,
            environment: new Dictionary<string, string> { ["npm_config_registry"] = registry.Url.ToString() }, stdin: null);

        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("signet analyze: invalid input: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
