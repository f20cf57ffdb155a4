namespace Signet.Core;

/// <summary>
/// The stable error codes of <see cref="SignetException.ErrorCode"/>: PascalCase names that keep their meaning across
/// versions (the CLI prints them in <c>--json</c> failures). The constants below are the codes of one reason each;
/// five families take the name of an enum member instead:
/// <list type="bullet">
/// <item><c>VerificationException</c>: the <c>VerificationErrorCode</c> name, e.g. <c>CheckpointInvalid</c>;</item>
/// <item><c>NoteVerificationException</c>: <c>Note</c> + the <c>NoteVerificationError</c> name, e.g. <c>NoteInvalidSignature</c>;</item>
/// <item><c>TufException</c>: <c>Tuf</c> + the <c>TufErrorCode</c> name, e.g. <c>TufRollback</c>;</item>
/// <item><c>TufRepositoryException</c>: <c>TufRepository</c> + the <c>TufRepositoryError</c> name;</item>
/// <item><c>RegistryException</c>: <c>Registry</c> + the <c>RegistryErrorKind</c> name, e.g. <c>RegistryDigestMismatch</c>;</item>
/// <item><c>CaRequestRejectedException</c>: the <c>CaRejection</c> name, e.g. <see cref="InvalidIdentityToken"/>.</item>
/// </list>
/// </summary>
public static class SignetErrorCodes
{
    /// <summary>Malformed input (<see cref="SignetFormatException"/>, HTTP 400).</summary>
    public const string InvalidInput = nameof(InvalidInput);

    /// <summary>Input over a size limit (HTTP 413).</summary>
    public const string TooLarge = nameof(TooLarge);

    /// <summary>A request body of a media type the endpoint does not take (HTTP 415).</summary>
    public const string UnsupportedMediaType = nameof(UnsupportedMediaType);

    /// <summary>An identity token the CA does not accept: signature, issuer, audience, time or claims (HTTP 401).</summary>
    public const string InvalidIdentityToken = nameof(InvalidIdentityToken);

    /// <summary>A command line the parser accepted but that is contradictory or incomplete (CLI exit 2).</summary>
    public const string Usage = nameof(Usage);

    /// <summary>A well-formed Merkle inclusion or consistency proof that does not lead to the expected root.</summary>
    public const string MerkleProofInvalid = nameof(MerkleProofInvalid);

    /// <summary>An encrypted private key that the password does not open (or no password was given).</summary>
    public const string KeyPasswordInvalid = nameof(KeyPasswordInvalid);

    /// <summary>No usable identity token: none given or found, expired, or the login failed.</summary>
    public const string IdentityTokenUnusable = nameof(IdentityTokenUnusable);

    /// <summary>A service could not be reached, did not answer in time, or sent an unusable answer.</summary>
    public const string ServiceUnavailable = nameof(ServiceUnavailable);

    /// <summary>A service answered with an error status.</summary>
    public const string ServiceRefused = nameof(ServiceRefused);

    /// <summary>What was asked for does not exist.</summary>
    public const string NotFound = nameof(NotFound);

    /// <summary>The request conflicts with what is already there.</summary>
    public const string Conflict = nameof(Conflict);

    /// <summary>A service is overloaded or unavailable for now; <see cref="SignetException.RetryAfter"/> says when to retry.</summary>
    public const string Unavailable = nameof(Unavailable);

    /// <summary>A service's own certificate chain is not valid at its clock's time, so what it would sign could not verify
    /// (<see cref="Certificates.IssuingChainValidity"/>).</summary>
    public const string OutsideValidity = nameof(OutsideValidity);

    /// <summary>The log has too many entries waiting to be sequenced (as tessera's <c>ErrPushback</c>).</summary>
    public const string LogPushback = nameof(LogPushback);

    /// <summary>A submission the CT log refuses (RFC 6962 §4.1).</summary>
    public const string CtSubmissionRejected = nameof(CtSubmissionRejected);

    /// <summary>Settings or stored state that cannot be used (<see cref="SignetConfigurationException"/>).</summary>
    public const string Configuration = nameof(Configuration);

    /// <summary>A witness refuses a checkpoint no trusted key of its log signed (C2SP tlog-witness: HTTP 403).</summary>
    public const string WitnessUnsignedCheckpoint = nameof(WitnessUnsignedCheckpoint);

    /// <summary>A witness refuses a checkpoint inconsistent with the one it last cosigned (C2SP tlog-witness: HTTP 422).</summary>
    public const string WitnessInconsistentCheckpoint = nameof(WitnessInconsistentCheckpoint);

    /// <summary>A monitor found a log not append-only or showing different views (a fork): both checkpoints are reported.</summary>
    public const string LogInconsistent = nameof(LogInconsistent);
}
