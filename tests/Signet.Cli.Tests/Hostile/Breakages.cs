using System.Text;

namespace Signet.Cli.Tests.Hostile;

/// <summary>Ways to break any file (bytes) and any text file (PEM, notes, YAML).</summary>
public static class Breakages
{
    /// <summary>Stands for a file larger than any input limit (written sparse, 70 MiB of zeros, by the test).</summary>
    public static readonly byte[] Huge = [0];

    public static IEnumerable<(string Name, byte[] Body)> Of(byte[] valid)
    {
        yield return ("empty", []);
        yield return ("nul-bytes", new byte[256]);
        yield return ("invalid-utf8", [0xff, 0xfe, .. valid, 0xc0]);
        yield return ("binary", [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 131 + 7))]);
        yield return ("truncated-half", valid[..(valid.Length / 2)]);
        yield return ("truncated-last-byte", valid[..^1]);
        yield return ("doubled", [.. valid, .. valid]);
        yield return ("utf16", Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(valid)));
        yield return ("huge", Huge);
    }

    public static IEnumerable<(string Name, byte[] Body)> OfText(string valid)
    {
        byte[] U(string s) => Encoding.UTF8.GetBytes(s);
        yield return ("crlf", U(valid.ReplaceLineEndings("\r\n")));
        yield return ("no-newlines", U(valid.ReplaceLineEndings("")));
        yield return ("lone-surrogate-text", [.. U(valid[..(valid.Length / 2)]), 0xed, 0xa0, 0x80, .. U(valid[(valid.Length / 2)..])]);
        yield return ("control-chars", U(valid.Replace('a', '\u001b')));
        yield return ("tabs", U(valid.Replace(' ', '\t')));
        yield return ("base64-broken", U(valid.Replace('A', '*')));
        yield return ("pem-wrong-label", U("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
        yield return ("pem-unterminated", U("-----BEGIN PUBLIC KEY-----\nMFkw"));
        yield return ("pem-huge-base64", U("-----BEGIN PUBLIC KEY-----\n" + new string('A', 400_000) + "\n-----END PUBLIC KEY-----\n"));
        yield return ("pem-rsa-512", U("-----BEGIN PUBLIC KEY-----\nMFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMkbduG2eVu2hVb2hz8bKNZSv8Xvrz6Ew9wSmJ7nQ9zvBZHsyY2Ay0VIiYpgCE6ykQXu3ML4w6CktT3h8Wd7eGsCAwEAAQ==\n-----END PUBLIC KEY-----\n"));
        yield return ("yaml-alias-bomb", U("a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"));
        yield return ("yaml-deep", U(new string('[', 20_000) + new string(']', 20_000)));
        yield return ("yaml-tags", U("!!python/object:os.system [x]\n"));
        yield return ("yaml-wrong-types", U("apiVersion: [1]\nkind: {a: b}\nspec: 7\nrules: 3\n"));
        yield return ("yaml-duplicate-keys", U(valid + "\n" + valid));
        yield return ("note-no-signature", U(valid.Split("\n\n")[0] + "\n\n"));
        yield return ("note-signature-only", U("\n— rekor.sigstore.dev wNI9ajBFAiEA\n"));
        yield return ("note-huge-size", U(valid.Replace("23083062", "99999999999999999999999", StringComparison.Ordinal)));
        yield return ("note-em-dash-lines", U(string.Concat(Enumerable.Repeat("— a AAAA\n", 5000))));
    }
}
