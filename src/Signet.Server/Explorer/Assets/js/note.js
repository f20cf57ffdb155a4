// C2SP signed-note and tlog-checkpoint: parse a checkpoint, and check its signature lines against the trusted
// log keys. A line from a key this page does not know (a witness, another log) is shown, not counted.
import { concat, fromBase64, sha256, toHex, utf8 } from './bytes.js';
import { verify } from './keys.js';

const DASH = '\u2014 ';

/** signed-note: body (ending in a newline), a blank line, then lines "— name base64(hint || signature)". */
export function parseNote(note) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('not a signed note (no blank line before the signatures)');
  const body = note.slice(0, split + 1);
  const signatures = note.slice(split + 2, -1).split('\n').map((line) => {
    if (!line.startsWith(DASH)) throw new Error('a signature line does not start with an em dash');
    const [name, encoded, ...rest] = line.slice(DASH.length).split(' ');
    if (!name || !encoded || rest.length) throw new Error('malformed signature line');
    const bytes = fromBase64(encoded);
    if (bytes.length < 5) throw new Error('signature too short');
    return { name, hint: bytes.subarray(0, 4), signature: bytes.subarray(4) };
  });
  return { body, signatures };
}

/** tlog-checkpoint body: origin, decimal tree size, base64 root hash, then extension lines. */
export function parseCheckpoint(note) {
  const parsed = parseNote(note);
  const lines = parsed.body.slice(0, -1).split('\n');
  if (lines.length < 3 || !lines[0]) throw new Error('a checkpoint needs origin, size and root hash');
  if (!/^(0|[1-9][0-9]{0,19})$/.test(lines[1])) throw new Error('checkpoint size is not a decimal number');
  const rootHash = fromBase64(lines[2]);
  if (rootHash.length !== 32) throw new Error('checkpoint root hash is not 32 bytes');
  return { ...parsed, origin: lines[0], size: BigInt(lines[1]), rootHash, extensions: lines.slice(3) };
}

/** signed-note key ID: the first 4 bytes of SHA-256(name || "\n" || type || key). */
export async function keyHint(name, type, rawKey) {
  return (await sha256(concat(utf8(`${name}\n`), new Uint8Array([type]), rawKey))).subarray(0, 4);
}

/**
 * Checks every signature line of `checkpoint` whose key hint names a trusted log key (trust.logs): Ed25519 note keys
 * (type 0x01; the hint covers the line's name) and Rekor v1's ECDSA keys (hint = first 4 bytes of the log ID).
 * Returns {lines: [{name, hint, who, verified: true|false|null}], verified}: verified when the origin is the
 * configured one, at least one trusted signature verifies and none fails.
 */
export async function verifyCheckpoint(checkpoint, trust) {
  const data = utf8(checkpoint.body);
  const lines = [];
  for (const line of checkpoint.signatures) {
    const out = { name: line.name, hint: toHex(line.hint), who: 'unknown key (not checked)', verified: null };
    for (const log of trust.logs) {
      const hint = log.details === 'PKIX_ED25519' ? await keyHint(line.name, 0x01, log.spki.subarray(-32)) : log.logId.subarray(0, 4);
      if (toHex(hint) !== out.hint) continue;
      out.who = `${log.label} (${log.details})`;
      out.verified = line.name === checkpoint.origin && await verify(log, line.signature, data);
      break;
    }
    if (out.verified === null) describeCosignature(line, out);
    lines.push(out);
  }
  const originOk = checkpoint.origin === trust.origin;
  const verified = originOk && lines.some((l) => l.verified === true) && !lines.some((l) => l.verified === false);
  return { lines, originOk, verified };
}

/** C2SP tlog-cosignature/v1 lines carry a timestamp before the Ed25519 signature (72 bytes in all). */
function describeCosignature(line, out) {
  if (line.signature.length === 72) {
    const seconds = new DataView(line.signature.buffer, line.signature.byteOffset, 8).getBigUint64(0);
    out.who = `cosignature at ${new Date(Number(seconds) * 1000).toISOString()} (witness key not configured; not checked)`;
  }
}
