namespace Signet.Core.Notes;

/// <summary>
/// A note whose signatures were checked: <see cref="Verified"/> by a known key, <see cref="Unverified"/> from keys the
/// caller did not know (ignored, as C2SP signed-note requires, but reported).
/// </summary>
public sealed record OpenedNote(string Text, IReadOnlyList<NoteSignature> Verified, IReadOnlyList<NoteSignature> Unverified);
