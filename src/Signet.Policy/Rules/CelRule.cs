using Cel;
using Signet.Core;
using Signet.Core.Verification;

namespace Signet.Policy.Rules;

/// <summary>
/// One named CEL rule (cel-spec, the language of Kubernetes' ValidatingAdmissionPolicy) over a verified in-toto
/// statement, compiled once. It holds when it evaluates to <c>true</c>; <c>false</c>, a non-boolean result and any
/// evaluation error (a missing field, a type error, a division by zero) all refuse: evaluation fails closed.
/// Variables: <c>statement</c>, <c>predicate</c>, <c>predicateType</c>, <c>subject</c>, <c>artifact</c> (see <see cref="RuleInput"/>).
/// Thread-safe after compilation.
/// </summary>
public sealed class CelRule
{
    /// <summary>The longest expression accepted (characters).</summary>
    public const int MaxExpressionLength = 16 * 1024;

    // The Cel package compiles against a protobuf type environment; rules use none (statements are JSON).
    private static readonly CelEnvironment Environment = new([], "");
    private static readonly Lock CompileLock = new();

    private CelRule() { }

    /// <summary>The rule's name, which a refusal names.</summary>
    public string Name { get; private init; } = "";

    /// <summary>The CEL source.</summary>
    public string Expression { get; private init; } = "";

    private CelProgramDelegate Program { get; init; } = null!;

    /// <summary>Parses and compiles <paramref name="expression"/>.</summary>
    /// <exception cref="SignetFormatException">The expression is empty, too long, or not valid CEL; the message names the rule.</exception>
    public static CelRule Compile(string name, string expression)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new SignetFormatException($"rule '{name}': the CEL expression is empty");
        }

        if (expression.Length > MaxExpressionLength)
        {
            throw new SignetFormatException($"rule '{name}': the CEL expression has {expression.Length} characters, at most {MaxExpressionLength}");
        }

        try
        {
            lock (CompileLock)
            {
                return new CelRule { Name = name, Expression = expression, Program = Environment.Compile(expression) };
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new SignetFormatException($"rule '{name}': not valid CEL: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>Refuses unless the rule holds for <paramref name="input"/>.</summary>
    /// <exception cref="VerificationException">Code <see cref="VerificationErrorCode.RuleFailed"/>: false, not a boolean, or an evaluation error.</exception>
    public void Require(RuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        object? result;
        try
        {
            result = Program.Invoke(input.Variables);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new VerificationException(VerificationErrorCode.RuleFailed, $"rule '{Name}' could not be evaluated (refused): {OneLine(e.Message)}", e);
        }

        switch (result)
        {
            case true:
                return;
            case false:
                throw new VerificationException(VerificationErrorCode.RuleFailed, $"rule '{Name}' failed: {Expression}");
            default:
                throw new VerificationException(VerificationErrorCode.RuleFailed,
                    $"rule '{Name}' evaluated to {result?.GetType().Name ?? "null"}, not a boolean (refused)");
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
