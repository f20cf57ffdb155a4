// RFC 6962 Merkle tree hashing and inclusion proofs (RFC 9162 §2.1.3.2), with BigInt indices.
import { concat, equal, sha256 } from './bytes.js';

const LEAF = new Uint8Array([0]);
const NODE = new Uint8Array([1]);

/** RFC 6962 §2.1: the leaf hash of an entry, SHA-256(0x00 || entry). */
export const leafHash = (entry) => sha256(concat(LEAF, entry));

/** RFC 6962 §2.1: an interior node, SHA-256(0x01 || left || right). */
export const nodeHash = (left, right) => sha256(concat(NODE, left, right));

/**
 * RFC 9162 §2.1.3.2: the root an inclusion proof implies for `leaf` at `index` in a tree of `size`, or null when the
 * proof cannot be one (index out of range, wrong number of hashes, a hash that is not 32 bytes).
 */
export async function rootFromInclusionProof(index, size, leaf, proof) {
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  if (fn > sn || leaf.length !== 32) return null;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0n || p.length !== 32) return null;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        do { fn >>= 1n; sn >>= 1n; } while ((fn & 1n) === 0n && fn !== 0n);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : null;
}

/** Whether the proof takes `leaf` at `index` to `root` in a tree of `size`. */
export async function verifyInclusion(index, size, leaf, proof, root) {
  const computed = await rootFromInclusionProof(index, size, leaf, proof);
  return computed !== null && equal(computed, root);
}

/** The largest power of two strictly below n (n ≥ 2). */
export function splitPoint(n) {
  let k = 1n;
  while (k << 1n < n) k <<= 1n;
  return k;
}
