// Search: what the query is (log index, entry UUID, artifact digest, e-mail or URI identity, public key or
// certificate in PEM) and the entries it finds through the log's own search APIs.
import * as api from './api.js';
import { toBase64, utf8 } from './bytes.js';
import { parsePem, toPem } from './keys.js';

/** The most entries one results page shows (the newest first). */
export const MAX_SHOWN = 50;

/** {kind, value, label}; throws a readable Error when the query is none of the supported kinds. */
export function classify(query) {
  const q = query.trim();
  if (/^[0-9]{1,19}$/.test(q)) return { kind: 'index', value: q, label: 'log index' };
  if (/^[0-9a-fA-F]{80}$/.test(q)) return { kind: 'uuid', value: q.toLowerCase(), label: 'entry UUID' };
  if (/^[0-9a-fA-F]{64}$/.test(q)) return { kind: 'uuid-or-digest', value: q.toLowerCase(), label: 'entry UUID or SHA-256 digest' };
  if (/^(sha256:[0-9a-fA-F]{64}|sha384:[0-9a-fA-F]{96}|sha512:[0-9a-fA-F]{128})$/.test(q)) return { kind: 'hash', value: q.toLowerCase(), label: 'artifact digest' };
  if (q.includes('-----BEGIN')) return { kind: 'publicKey', value: q, label: 'public key' };
  if (/^[^\s@/:]+@[^\s@/]+$/.test(q)) return { kind: 'email', value: q, label: 'e-mail identity' };
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/\S+$/.test(q)) return { kind: 'uri', value: q, label: 'URI identity' };
  throw new Error('Enter a log index, an entry UUID, a digest (sha256:…), an e-mail or URI identity, or a PEM public key or certificate.');
}

/** The PEM of a pasted key or certificate, re-wrapped (a search field may have turned its newlines into spaces). */
function normalizedPem(value) {
  const [block] = parsePem(value);
  if (!block || !['PUBLIC KEY', 'CERTIFICATE'].includes(block.label)) throw new Error('Paste a PEM PUBLIC KEY or CERTIFICATE.');
  return toPem(block.label, block.der);
}

async function uuidsFor(c) {
  switch (c.kind) {
    case 'hash': return api.searchIndex({ hash: c.value });
    case 'email': return api.searchIndex({ email: c.value });
    case 'uri': return api.searchIndex({ uri: c.value });
    case 'publicKey': return api.searchIndex({ publicKey: { format: 'x509', content: toBase64(utf8(normalizedPem(c.value))) } });
    default: return [];
  }
}

const notFound = (e) => {
  if (e instanceof api.ApiError && e.status === 404) return {};
  throw e;
};

/** [{uuid, entry}] of the matching entries (newest first, at most MAX_SHOWN) and the total that matched. */
export async function search(c) {
  const found = new Map();
  const add = (obj) => { for (const [uuid, entry] of Object.entries(obj)) found.set(uuid, entry); };
  let total = 0;
  if (c.kind === 'index') add(await api.entryByIndex(c.value).catch(notFound));
  if (c.kind === 'uuid' || c.kind === 'uuid-or-digest') add(await api.entryByUuid(c.value).catch(notFound));
  const lookups = c.kind === 'uuid-or-digest' ? { ...c, kind: 'hash', value: `sha256:${c.value}` } : c;
  const uuids = [...new Set(await uuidsFor(lookups))];
  total = uuids.length;
  // The index answers in log order: fetch the newest, ten at a time (Rekor's retrieve limit).
  const wanted = uuids.slice(-MAX_SHOWN).reverse().filter((u) => !found.has(u));
  const batches = [];
  for (let i = 0; i < wanted.length; i += 10) batches.push(api.retrieve({ entryUUIDs: wanted.slice(i, i + 10) }));
  for (const list of await Promise.all(batches)) list.forEach(add);
  const entries = [...found].map(([uuid, entry]) => ({ uuid, entry })).sort((a, b) => b.entry.logIndex - a.entry.logIndex);
  return { entries, total: Math.max(total, entries.length) };
}
