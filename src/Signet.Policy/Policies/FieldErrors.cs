using Signet.Core;

namespace Signet.Policy.Policies;

/// <summary>
/// Validation errors collected over a whole policy file, worded as policy-controller words them (knative's
/// apis.FieldError: "missing field(s)", "expected exactly one, got both/neither", "invalid value: V: PATH"), plus
/// the fields Signet does not implement, each named: a policy is never half-applied.
/// </summary>
internal sealed class FieldErrors
{
    private readonly List<string> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Missing(params string[] paths) => _errors.Add("missing field(s): " + string.Join(", ", paths));

    public void Invalid(string value, string path, string? why = null)
        => _errors.Add($"invalid value: {value}: {path}" + (why is null ? "" : $" ({why})"));

    public void Both(params string[] paths) => _errors.Add("expected exactly one, got both: " + string.Join(", ", paths));

    public void Neither(params string[] paths) => _errors.Add("expected exactly one, got neither: " + string.Join(", ", paths));

    public void Unknown(string path) => _errors.Add($"unknown field: {path}");

    public void Unsupported(string path, string what) => _errors.Add($"unsupported field: {path} ({what}; Signet does not implement it, so the policy is refused rather than applied without it)");

    public void Add(string message) => _errors.Add(message);

    /// <summary>Runs <paramref name="read"/>, recording a malformed node as an error instead of stopping.</summary>
    public T? Try<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SignetFormatException e)
        {
            _errors.Add(e.Message);
            return default;
        }
    }

    public void ThrowIfAny(string what)
    {
        if (_errors.Count > 0)
        {
            throw new SignetFormatException($"{what}: validation failed: " + string.Join("; ", _errors));
        }
    }
}
