// C2SP tlog-tiles: tile paths, entry bundles, and an inclusion proof built from hash tiles (RFC 6962 §2.1.1 PATH,
// each node computed from the tiles that hold it), so the page checks an entry against a checkpoint with no proof
// from the server at all.
import { nodeHash, splitPoint } from './merkle.js';

const WIDTH = 256n;
const HEIGHT = 8n;

/** tlog-tiles "N" path element: 3-digit groups, each but the last prefixed with x (1234067 → x001/x234/067). */
export function indexPath(n) {
  let s = BigInt(n).toString();
  s = s.padStart(Math.ceil(s.length / 3) * 3, '0');
  const groups = s.match(/\d{3}/g);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

const widthSuffix = (width) => (BigInt(width) < WIDTH ? `.p/${width}` : '');

/** The path of the hash tile at `level`, `index`, holding `width` hashes. */
export const hashTilePath = (level, index, width) => `tile/${level}/${indexPath(index)}${widthSuffix(width)}`;

/** The path of the entry bundle `index` holding `width` entries. */
export const entryBundlePath = (index, width) => `tile/entries/${indexPath(index)}${widthSuffix(width)}`;

/** tlog-tiles entry bundle: entries each prefixed with a big-endian uint16 length. Throws when malformed. */
export function parseEntryBundle(bytes) {
  const entries = [];
  for (let at = 0; at < bytes.length;) {
    if (at + 2 > bytes.length) throw new Error('truncated entry bundle');
    const length = (bytes[at] << 8) | bytes[at + 1];
    if (at + 2 + length > bytes.length) throw new Error('entry runs past its bundle');
    entries.push(bytes.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}

/** The entry at `index` of a tree of `size`, read from its entry bundle with `fetchTile(path) → bytes`. */
export async function entryFromBundle(fetchTile, index, size) {
  const i = BigInt(index);
  const bundle = i / WIDTH;
  const width = BigInt(size) - bundle * WIDTH < WIDTH ? BigInt(size) - bundle * WIDTH : WIDTH;
  const entries = parseEntryBundle(await fetchTile(entryBundlePath(bundle, width)));
  if (BigInt(entries.length) !== width) throw new Error(`entry bundle ${bundle} holds ${entries.length} entries, not ${width}`);
  return entries[Number(i % WIDTH)];
}

/**
 * The inclusion proof of leaf `index` in the tree of `size`, computed from hash tiles fetched with
 * `fetchTile(path) → bytes` (each fetched once). Tile level L holds the nodes at tree height 8·L.
 */
export async function inclusionProofFromTiles(fetchTile, index, size) {
  const n = BigInt(size);
  const tiles = new Map();
  const tile = (level, tileIndex) => {
    const rowSize = n >> (HEIGHT * level);
    const remaining = rowSize - tileIndex * WIDTH;
    const width = remaining < WIDTH ? remaining : WIDTH;
    const path = hashTilePath(level, tileIndex, width);
    if (!tiles.has(path)) {
      tiles.set(path, fetchTile(path).then((bytes) => {
        if (BigInt(bytes.length) !== width * 32n) throw new Error(`${path} holds ${bytes.length} bytes, not ${width * 32n}`);
        return bytes;
      }));
    }
    return tiles.get(path);
  };

  // The perfect subtree of 2^height leaves numbered `i` at that height: from its tile's row, hashed up.
  const subtree = async (height, i) => {
    const level = height / HEIGHT;
    const span = height % HEIGHT;
    const first = i << span;
    const bytes = await tile(level, first / WIDTH);
    let row = [];
    for (let k = 0n; k < 1n << span; k++) {
      const at = Number(((first % WIDTH) + k) * 32n);
      row.push(bytes.subarray(at, at + 32));
    }
    while (row.length > 1) {
      const next = [];
      for (let k = 0; k < row.length; k += 2) next.push(await nodeHash(row[k], row[k + 1]));
      row = next;
    }
    return row[0];
  };

  // RFC 6962 §2.1: MTH of leaves [a, b).
  const rangeHash = async (a, b) => {
    const count = b - a;
    if ((count & (count - 1n)) === 0n && a % count === 0n) return subtree(BigInt(count.toString(2).length - 1), a / count);
    const k = splitPoint(count);
    const [left, right] = await Promise.all([rangeHash(a, a + k), rangeHash(a + k, b)]);
    return nodeHash(left, right);
  };

  // RFC 6962 §2.1.1 PATH(m, D[a:b]), deepest sibling first.
  const path = async (m, a, b) => {
    if (b - a === 1n) return [];
    const k = splitPoint(b - a);
    const [below, sibling] = m < a + k
      ? await Promise.all([path(m, a, a + k), rangeHash(a + k, b)])
      : await Promise.all([path(m, a + k, b), rangeHash(a, a + k)]);
    return [...below, sibling];
  };

  const m = BigInt(index);
  if (m >= n) throw new Error(`index ${m} is beyond the tree of size ${n}`);
  return path(m, 0n, n);
}
