using Signet.Client.Keys;
using Signet.Client.Tests.Signing.InMemory;
using Signet.Core;
using Signet.Core.Keys;

namespace Signet.Client.Tests.Keys;

/// <summary>A key's password in cosign's order: the password file, then SIGNET_PASSWORD / COSIGN_PASSWORD, then the person.</summary>
public sealed class KeyPasswordTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("signet-password-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("secret\n", "secret")]
    [InlineData("secret\r\n", "secret")]
    [InlineData("two\nlines\n", "two\nlines")]
    [InlineData("no break", "no break")]
    public void A_password_file_wins_without_its_final_line_break(string content, string expected)
    {
        var path = Path.Combine(_dir, "password");
        File.WriteAllText(path, content);
        var console = new ScriptedConsole(attended: true, "typed");

        Assert.Equal(expected, KeyPassword.Read(path, Env((KeyPassword.Variable, "env")), console));
        Assert.Equal(0, console.Reads);
    }

    [Fact]
    public void Signets_variable_comes_before_cosigns_and_both_before_the_console()
    {
        var console = new ScriptedConsole(attended: true, "typed");
        Assert.Equal("signet", KeyPassword.Read(null, Env((KeyPassword.CosignVariable, "cosign"), (KeyPassword.Variable, "signet")), console));
        Assert.Equal("cosign", KeyPassword.Read(null, Env((KeyPassword.CosignVariable, "cosign")), console));
        Assert.Equal(0, console.Reads);
        Assert.Equal("typed", KeyPassword.Read(null, Env(), console));
    }

    [Fact]
    public void No_source_is_a_key_password_error_and_a_missing_file_is_invalid_input()
    {
        var e = Assert.Throws<KeyPasswordException>(() => KeyPassword.Read(null, Env(), new ScriptedConsole(attended: false)));
        Assert.Contains(KeyPassword.Variable, e.Message);
        Assert.Throws<SignetFormatException>(() => KeyPassword.Read(Path.Combine(_dir, "absent"), Env(), new ScriptedConsole(attended: false)));
    }
}
