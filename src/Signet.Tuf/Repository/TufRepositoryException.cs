using Signet.Core;

namespace Signet.Tuf.Repository;

/// <summary>Why a TUF repository cannot do what its author asked.</summary>
public enum TufRepositoryError
{
    /// <summary>The folder already holds a repository (a conflict).</summary>
    AlreadyInitialized,

    /// <summary>The folder holds no repository (<c>repository.json</c>): invalid input.</summary>
    NotInitialized,

    /// <summary>A staged root is still waiting for signatures: publish it before staging another (a conflict).</summary>
    StagedRootPending,

    /// <summary>There is no staged root or targets to sign: nothing changed (a conflict).</summary>
    NothingStaged,

    /// <summary>The step needs published metadata that is not there yet (a conflict).</summary>
    NotPublished,

    /// <summary>A key that is not one of the role's keys: invalid input.</summary>
    KeyNotInRole,

    /// <summary>The online key cannot sign snapshot and timestamp alone under the root: invalid input.</summary>
    OnlineKeyNotInRoot,

    /// <summary>A role's keys or threshold are not usable (a key given twice, a threshold beyond the keys): invalid input.</summary>
    InvalidRoleKeys,

    /// <summary>Another process kept the repository locked for longer than the wait (<see cref="TufRepository.Lock"/>):
    /// unavailable, try again.</summary>
    Busy,

    /// <summary>A staged targets is still waiting for signatures: a renewal would replace it (a conflict).</summary>
    StagedTargetsPending,
}

/// <summary>
/// An authoring step that the repository's state or the given keys do not allow; <see cref="Error"/> says which.
/// A threshold that is not met at publish is a <see cref="Client.TufException"/>, as a client would refuse it.
/// </summary>
/// <param name="error">Which rule refused the step.</param>
/// <param name="message">What was refused, naming the folder, role or key.</param>
public sealed class TufRepositoryException(TufRepositoryError error, string message) : SignetException(message)
{
    /// <summary>Which rule refused the step.</summary>
    public TufRepositoryError Error { get; } = error;

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => Error switch
    {
        TufRepositoryError.AlreadyInitialized or TufRepositoryError.StagedRootPending or TufRepositoryError.StagedTargetsPending
            or TufRepositoryError.NothingStaged or TufRepositoryError.NotPublished => SignetErrorKind.Conflict,
        TufRepositoryError.Busy => SignetErrorKind.Unavailable,
        _ => SignetErrorKind.InvalidInput,
    };

    /// <summary><c>TufRepository</c> + the <see cref="TufRepositoryError"/> name.</summary>
    public override string ErrorCode => "TufRepository" + Error;
}
