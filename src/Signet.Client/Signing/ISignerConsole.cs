using Signet.Client.Identity;
using Signet.Client.Keys;

namespace Signet.Client.Signing;

/// <summary>
/// The person running a signing, as far as <see cref="SigningWorkflow"/> needs one: shown where to log in
/// (<see cref="ILoginPrompt"/>), asked for a key's password (<see cref="IPasswordPrompt"/>), and whether anyone is
/// there at all. The command line answers from the terminal; a test or a service answers for itself.
/// </summary>
public interface ISignerConsole : ILoginPrompt, IPasswordPrompt
{
    /// <summary>
    /// Whether a person can answer an interactive login (the command line: standard error is a terminal). Without one,
    /// and without an explicit OIDC issuer, no login is started: the signing fails with "no identity token" instead
    /// of waiting for nobody.
    /// </summary>
    bool IsAttended { get; }
}
