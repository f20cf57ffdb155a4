using Signet.Core;

namespace Signet.Ca;

/// <summary>Why the CA refused a certificate request. Stable: the HTTP layer maps each to a status code.</summary>
public enum CaRejection
{
    /// <summary>The identity token is not acceptable (signature, issuer, audience, time, identity claims): 401.</summary>
    InvalidIdentityToken,

    /// <summary>The request is malformed or incomplete: 400.</summary>
    InvalidRequest,

    /// <summary>The submitted public key is of an unsupported type or size: 400.</summary>
    UnsupportedPublicKey,

    /// <summary>The proof of possession (challenge signature or CSR signature) does not verify: 400.</summary>
    InvalidProofOfPossession,
}

/// <summary>
/// The one failure a certificate request produces before anything is signed or logged: invalid input, whose
/// <see cref="SignetException.ErrorCode"/> is the <see cref="CaRejection"/> name (an identity token is answered 401).
/// </summary>
public sealed class CaRequestRejectedException : SignetException
{
    public CaRequestRejectedException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public CaRequestRejectedException(CaRejection rejection, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Rejection = rejection;
    }

    public CaRejection Rejection { get; }

    /// <inheritdoc/>
    public override SignetErrorKind ErrorKind => SignetErrorKind.InvalidInput;

    /// <summary>The <see cref="CaRejection"/> name, e.g. <see cref="SignetErrorCodes.InvalidIdentityToken"/>.</summary>
    public override string ErrorCode => Rejection.ToString();

    internal static CaRequestRejectedException Token(string message, Exception? inner = null) => new(CaRejection.InvalidIdentityToken, message, inner);
}
