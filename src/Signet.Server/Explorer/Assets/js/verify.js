// The checks the entry view shows, each done here in the browser against the trusted keys (trust.js):
//  - the entry's UUID names its body (RFC 6962 leaf hash),
//  - the inclusion proof takes the leaf to the root (RFC 9162 §2.1.3.2), from the v1 API's proof or built from tiles,
//  - the checkpoint commits to that root and size and carries a valid signature of a trusted log key (C2SP),
//  - Rekor v1: the signed entry timestamp verifies with the trusted Rekor v1 key (protobuf-specs InclusionPromise).
// Any check that cannot be made counts as failed: the page never reports "verified" for what it did not verify.
import { equal, fromBase64, fromHex, toHex, utf8 } from './bytes.js';
import { leafHash, rootFromInclusionProof } from './merkle.js';
import { parseCheckpoint, verifyCheckpoint } from './note.js';
import { verify } from './keys.js';
import { entryFromBundle, inclusionProofFromTiles } from './tiles.js';
import { validAt } from './trust.js';

const check = (id, label, ok, detail) => ({ id, label, ok: ok === true, detail });

async function guarded(id, label, run) {
  try {
    return await run();
  } catch (e) {
    return check(id, label, false, `could not be checked: ${e.message}`);
  }
}

/** Checks a Rekor v1 LogEntry ({uuid: entry}). */
export async function verifyV1Entry(uuid, entry, trust) {
  const body = fromBase64(entry.body);
  const leaf = await leafHash(body);
  const proof = entry.verification?.inclusionProof ?? {};
  const checks = [];
  checks.push(await guarded('uuid', 'Entry UUID', async () => {
    const treeHex = BigInt(trust.treeId).toString(16).padStart(16, '0');
    const ok = uuid.length === 80 && uuid.slice(0, 16) === treeHex && uuid.slice(16) === toHex(leaf)
      && Number(proof.logIndex) === Number(entry.logIndex);
    return check('uuid', 'Entry UUID', ok, ok ? 'names this log\'s tree and the body\'s leaf hash' : 'does not match the body or the tree');
  }));
  const root = fromHex(String(proof.rootHash ?? ''));
  checks.push(await guarded('inclusion', 'Inclusion proof', async () => {
    const computed = await rootFromInclusionProof(entry.logIndex, proof.treeSize, leaf, (proof.hashes ?? []).map(fromHex));
    const ok = computed !== null && equal(computed, root);
    return check('inclusion', 'Inclusion proof', ok, ok
      ? `${proof.hashes.length} hashes take leaf ${entry.logIndex} to the root of the tree of size ${proof.treeSize}`
      : 'the proof does not lead to the root hash');
  }));
  const cp = await checkCheckpoint(proof.checkpoint, trust, (c) => c.size === BigInt(proof.treeSize) && equal(c.rootHash, root));
  checks.push(cp.check);
  checks.push(await guarded('set', 'Signed entry timestamp', async () => {
    const log = trust.logs.find((l) => l.details === 'PKIX_ECDSA_P256_SHA_256' && l.logIdHex === entry.logID);
    if (!log) return check('set', 'Signed entry timestamp', false, `log ID ${entry.logID} is not a trusted Rekor v1 key`);
    if (!validAt(log, new Date(entry.integratedTime * 1000))) return check('set', 'Signed entry timestamp', false, 'integrated outside the key\'s validity');
    // RFC 8785 of {body, integratedTime, logID, logIndex}: these keys already sort so, and the values are a string,
    // two integers and a hex string, which JSON.stringify writes as JCS does.
    const payload = JSON.stringify({ body: entry.body, integratedTime: entry.integratedTime, logID: entry.logID, logIndex: entry.logIndex });
    const ok = await verify(log, fromBase64(entry.verification?.signedEntryTimestamp ?? ''), utf8(payload));
    return check('set', 'Signed entry timestamp', ok, ok ? `signed by the trusted ${log.label}` : 'the signature does not verify');
  }));
  return { source: 'v1', index: entry.logIndex, body, leaf, checkpoint: cp.checkpoint, lines: cp.lines, checks, verified: checks.every((c) => c.ok) };
}

/** Checks entry `index` from the tiles alone: checkpoint, entry bundle, and a proof computed from hash tiles. */
export async function verifyFromTiles(index, trust, checkpointText, fetchTile) {
  const checks = [];
  const cp = await checkCheckpoint(checkpointText, trust, () => true);
  checks.push(cp.check);
  if (!cp.checkpoint) return { source: 'tiles', index, checks, verified: false, lines: [] };
  const size = cp.checkpoint.size;
  if (BigInt(index) >= size) throw new RangeError(`no entry at index ${index}: the published tree has ${size} entries`);
  const body = await entryFromBundle(fetchTile, index, size);
  const leaf = await leafHash(body);
  checks.push(await guarded('inclusion', 'Inclusion proof', async () => {
    const proof = await inclusionProofFromTiles(fetchTile, index, size);
    const computed = await rootFromInclusionProof(index, size, leaf, proof);
    const ok = computed !== null && equal(computed, cp.checkpoint.rootHash);
    return check('inclusion', 'Inclusion proof', ok, ok
      ? `${proof.length} hashes computed from tiles take leaf ${index} to the checkpoint's root (size ${size})`
      : 'the tiles do not lead to the checkpoint\'s root hash');
  }));
  return { source: 'tiles', index, body, leaf, checkpoint: cp.checkpoint, lines: cp.lines, checks, verified: checks.every((c) => c.ok) };
}

async function checkCheckpoint(textValue, trust, matches) {
  let checkpoint = null;
  let lines = [];
  const result = await guarded('checkpoint', 'Checkpoint signature', async () => {
    checkpoint = parseCheckpoint(String(textValue ?? ''));
    const outcome = await verifyCheckpoint(checkpoint, trust);
    lines = outcome.lines;
    if (!outcome.originOk) return check('checkpoint', 'Checkpoint signature', false, `origin "${checkpoint.origin}" is not this log's "${trust.origin}"`);
    if (!matches(checkpoint)) return check('checkpoint', 'Checkpoint signature', false, 'the checkpoint does not commit to the proof\'s root and size');
    const signers = lines.filter((l) => l.verified).map((l) => l.who).join('; ');
    return check('checkpoint', 'Checkpoint signature', outcome.verified, outcome.verified ? `signed by ${signers}` : 'no valid signature of a trusted log key');
  });
  return { check: result, checkpoint, lines };
}
