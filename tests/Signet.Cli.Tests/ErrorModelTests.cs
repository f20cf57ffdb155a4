using System.CommandLine;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Signet.Analysis.Dynamic;
using Signet.Ca;
using Signet.Cli.Commands;
using Signet.Client.Identity;
using Signet.Client.Services;
using Signet.Core;
using Signet.Core.Keys;
using Signet.Core.Merkle;
using Signet.Core.Notes;
using Signet.Core.Verification;
using Signet.Log.Ct;
using Signet.Log.Engine;
using Signet.Oci;
using Signet.Server;
using Signet.Tuf.Client;
using Signet.Tuf.Repository;

namespace Signet.Cli.Tests;

/// <summary>The one error model: every kind's exit code and HTTP status, every exception type classified, and how
/// the CLI reports what it cannot classify (a bug).</summary>
public sealed class ErrorModelTests
{
    [Fact]
    public void Every_kind_has_its_documented_exit_code_and_http_status()
    {
        var expected = new Dictionary<SignetErrorKind, (int Exit, int Status)>
        {
            [SignetErrorKind.InvalidInput] = (3, 400),
            [SignetErrorKind.VerificationFailed] = (1, 400),
            [SignetErrorKind.NotFound] = (4, 404),
            [SignetErrorKind.Conflict] = (3, 409),
            [SignetErrorKind.Unavailable] = (4, 503),
            [SignetErrorKind.Configuration] = (5, 500),
        };
        Assert.Equal(Enum.GetValues<SignetErrorKind>().Order(), expected.Keys.Order());
        foreach (var (kind, (exit, status)) in expected)
        {
            Assert.Equal(exit, ExitCodes.Of(kind));
            Assert.Equal(status, ProblemStatus.Of(kind));
        }
    }

    /// <summary>One instance of every Signet exception type, for every reason it can carry.</summary>
    public static IEnumerable<SignetException> Samples()
    {
        yield return new SignetFormatException("x");
        yield return new SignetConfigurationException("x");
        yield return new MerkleProofException("x");
        yield return new KeyPasswordException();
        yield return new UsageException("x");
        yield return new IdentityTokenException("x");
        yield return new CtLogRejectedException("x");
        yield return new SandboxUnavailableException("x");
        yield return new Signet.Log.Witnessing.WitnessUnavailableException("x");
        yield return new Signet.Client.Monitoring.LogInconsistencyException("x", "first", "second");
        yield return new LogPushbackException();
        yield return new SignetUnavailableException(SignetErrorCodes.OutsideValidity, "x");
        yield return new SigstoreServiceException("x");
        yield return new SigstoreServiceException("x") { StatusCode = 404 };
        yield return new SigstoreServiceException("x") { StatusCode = 401 };
        yield return new TufException(TufErrorCode.Rollback, "x", new HttpRequestException("down"));
        var reasons = Each<VerificationErrorCode>(c => new VerificationException(c, "x"))
            .Concat(Each<NoteVerificationError>(c => new NoteVerificationException(c, "x")))
            .Concat(Each<TufErrorCode>(c => new TufException(c, "x")))
            .Concat(Each<TufRepositoryError>(c => new TufRepositoryException(c, "x")))
            .Concat(Each<RegistryErrorKind>(c => new RegistryException(c, "x")))
            .Concat(Each<CaRejection>(c => new CaRequestRejectedException(c, "x")))
            .Concat(Each<Signet.Witness.WitnessRefusal>(c => new Signet.Witness.WitnessRefusedException(c, "x")));
        foreach (var e in reasons)
        {
            yield return e;
        }

        yield return HttpProblemException.BadRequest("x");
        yield return HttpProblemException.NotFound("x");
        yield return HttpProblemException.Conflict("x");
        yield return HttpProblemException.TooLarge("x");
        yield return HttpProblemException.UnsupportedMediaType("x");
        yield return HttpProblemException.Unavailable("x", TimeSpan.FromSeconds(3));
    }

    private static IEnumerable<SignetException> Each<TReason>(Func<TReason, SignetException> create)
        where TReason : struct, Enum => Enum.GetValues<TReason>().Select(create);

    [Fact]
    public void Every_signet_exception_type_is_classified_and_its_codes_do_not_collide()
    {
        var samples = Samples().ToList();
        var types = new[] { typeof(SignetException), typeof(TufException), typeof(RegistryException), typeof(CaRequestRejectedException),
                typeof(LogPushbackException), typeof(CtLogRejectedException), typeof(SigstoreServiceException), typeof(SandboxUnavailableException), typeof(HttpProblemException), typeof(UsageException),
                typeof(Signet.Witness.WitnessRefusedException), typeof(Signet.Policy.Policies.ClusterImagePolicy) }
            .Select(t => t.Assembly).Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsSubclassOf(typeof(SignetException)) && !t.IsAbstract)
            .ToList();
        Assert.True(types.Count >= 15, $"only {types.Count} exception types found");
        foreach (var t in types)
        {
            Assert.True(samples.Any(s => s.GetType() == t), $"{t.Name} has no sample here: add it, with every reason it carries");
        }

        var constants = typeof(SignetErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet();
        foreach (var s in samples)
        {
            Assert.Matches("^[A-Z][A-Za-z0-9]+$", s.ErrorCode);
            Assert.NotEqual(ExitCodes.Internal, ExitCodes.Of(s.ErrorKind));
            Assert.InRange(ProblemStatus.Of(s), 400, 503);
        }

        // A code shared by two types is one of the documented constants; every other code names one reason of one type.
        foreach (var group in samples.GroupBy(s => s.ErrorCode).Where(g => g.Select(s => s.GetType()).Distinct().Count() > 1))
        {
            Assert.Contains(group.Key, constants);
        }
    }

    public static TheoryData<Exception, int> TodaysExitCodes() => new()
    {
        { new SignetFormatException("x"), 3 },
        { new UsageException("x"), 2 },
        { new VerificationException(VerificationErrorCode.CheckpointInvalid, "x"), 1 },
        { new NoteVerificationException(NoteVerificationError.InvalidSignature, "x"), 1 },
        { new MerkleProofException("x"), 1 },
        { new KeyPasswordException(), 3 },
        { new IdentityTokenException("x"), 3 },
        { new SigstoreServiceException("x") { StatusCode = 401 }, 4 },
        { new SigstoreServiceException("x") { StatusCode = 404 }, 4 },
        { new SigstoreServiceException("x", new HttpRequestException("refused")), 4 },
        { new TufException(TufErrorCode.NotInitialized, "x"), 3 },
        { new TufException(TufErrorCode.Rollback, "x"), 1 },
        { new TufException(TufErrorCode.NotFound, "x"), 1 },
        { new TufException(TufErrorCode.Expired, "x", new TaskCanceledException("timeout")), 4 },
        { new TufRepositoryException(TufRepositoryError.AlreadyInitialized, "x"), 3 },
        { new TufRepositoryException(TufRepositoryError.NotInitialized, "x"), 3 },
        { new RegistryException(RegistryErrorKind.DigestMismatch, "x"), 1 },
        { new RegistryException(RegistryErrorKind.NotFound, "x"), 4 },
        { new RegistryException(RegistryErrorKind.Unauthorized, "x"), 4 },
        { new RegistryException(RegistryErrorKind.InsecureTransport, "x"), 4 },
        { new SignetConfigurationException("x"), 5 },
        { new IOException("x"), 3 },
        { new UnauthorizedAccessException("x"), 3 },
        { new CryptographicException("x"), 3 },
        { new JsonException("x"), 3 },
        { new HttpRequestException("x"), 4 },
        { new TaskCanceledException("x"), 4 },
        { new InvalidOperationException("x"), 70 },
        { new ArgumentException("x"), 70 },
        { new NotSupportedException("x"), 70 },
    };

    [Theory]
    [MemberData(nameof(TodaysExitCodes))]
    public void Exceptions_keep_the_exit_codes_commands_gave_them(Exception exception, int exitCode) =>
        Assert.Equal(exitCode, CommandFailure.Of(exception).ExitCode);

    [Fact]
    public void An_unexpected_exception_is_one_line_and_the_internal_error_code()
    {
        var (exit, output, error) = Invoke(p => throw new InvalidOperationException("the index went negative"), "boom");
        Assert.Equal(ExitCodes.Internal, exit);
        Assert.Equal(70, exit);
        Assert.Equal("signet boom: internal error: InvalidOperationException: the index went negative", Assert.Single(error.TrimEnd('\n').Split('\n')));
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
        Assert.Empty(output);

        var (jsonExit, json, _) = Invoke(async (p, ct) => { await Task.Yield(); throw new KeyNotFoundException("k"); }, "boom", "--json");
        Assert.Equal(70, jsonExit);
        using var doc = JsonDocument.Parse(json);
        Assert.False(doc.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal(CommandFailure.InternalCode, doc.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(70, doc.RootElement.GetProperty("error").GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void A_classified_failure_is_one_line_with_control_characters_escaped()
    {
        var (exit, _, error) = Invoke(p => throw new SignetFormatException("name \u001b[31mred\u0007\nsecond line"), "inspect");
        Assert.Equal(3, exit);
        var line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.Equal("signet inspect: invalid input: name \\u001b[31mred\\u0007 second line", line);

        var (verifyExit, _, verifyError) = Invoke(p => throw new VerificationException(VerificationErrorCode.InclusionProofInvalid, "bad proof"), "check");
        Assert.Equal(1, verifyExit);
        Assert.Equal("signet check: verification failed at TransparencyLog: bad proof", verifyError.TrimEnd('\n'));
    }

    private static (int Exit, string Output, string Error) Invoke(Func<ParseResult, int> body, string name, params string[] args) =>
        Invoke(command => command.SetRunner(body), name, args);

    private static (int Exit, string Output, string Error) Invoke(Func<ParseResult, CancellationToken, Task<int>> body, string name, params string[] args) =>
        Invoke(command => command.SetRunner(body), name, args);

    private static (int Exit, string Output, string Error) Invoke(Action<Command> setRunner, string name, string[] args)
    {
        var command = new Command(name) { new Option<bool>("--json") };
        setRunner(command);
        var root = new RootCommand { command };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = root.Parse([name, .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        return (exit, output.ToString(), error.ToString());
    }
}
