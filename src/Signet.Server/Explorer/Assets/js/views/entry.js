// The entry view: what the entry is and who signed it, the checkpoint and proof, and the outcome of the checks made
// in this page. The element #verification carries data-verified="true" or "false" once every check has finished.
import * as api from '../api.js';
import { h, dl, code, badge, utc, section } from '../dom.js';
import { fromBase64, sha256, text, toBase64, toHex } from '../bytes.js';
import { decodeBody } from '../entry.js';
import { verifyFromTiles, verifyV1Entry } from '../verify.js';
import { certificateSection } from './certificate.js';

/** Renders entry `index` read through `source` ('v1' or 'tiles') into `main`. */
export async function renderEntry(ctx, index, source) {
  ctx.setTitle(`Entry ${index}`);
  const status = h('p', { id: 'verification-status', class: 'status', role: 'status' }, 'Checking in this page…');
  const checks = h('ul', { class: 'checks' });
  const verification = section('verification', 'Verification', status, checks);
  const details = h('div', { id: 'entry-details' });
  ctx.show(
    h('h1', { tabindex: '-1' }, `Entry ${index}`),
    h('nav', { 'aria-label': 'Read the entry from', class: 'sources' },
      h('span', {}, 'Read from: '),
      sourceLink(`entry/${index}`, 'Rekor v1 API', source === 'v1'), ' ',
      sourceLink(`entry/${index}?source=tiles`, 'tiles (Rekor v2)', source === 'tiles')),
    verification, details);

  const trust = await ctx.trust;
  let result;
  if (source === 'tiles') {
    const checkpointText = await api.checkpoint();
    result = await verifyFromTiles(index, trust, checkpointText, api.tile);
    details.append(...describe(result, null, null, trust));
  } else {
    const answer = await api.entryByIndex(index);
    const [uuid, entry] = Object.entries(answer)[0] ?? [];
    if (!entry) throw new Error(`the log answered no entry for index ${index}`);
    details.append(...describe({ body: fromBase64(entry.body) }, uuid, entry, trust));
    performance.mark('signet:entry-rendered');
    result = await verifyV1Entry(uuid, entry, trust);
    details.append(...proofSections(result, entry.verification?.inclusionProof));
  }
  if (source === 'tiles') performance.mark('signet:entry-rendered');
  checks.replaceChildren(...result.checks.map((c) => h('li', { 'data-check': c.id, 'data-verified': String(c.ok) },
    badge(c.ok), ' ', h('strong', {}, c.label), `: ${c.detail}`)));
  status.replaceChildren(result.verified
    ? badge(true, 'Verified in this page against the log keys this page was configured with')
    : badge(false, '', 'Verification failed: do not trust this entry'));
  verification.setAttribute('data-verified', String(result.verified));
  verification.classList.add(result.verified ? 'verified' : 'failed');
  performance.mark('signet:entry-verified');
  ctx.announce(result.verified ? `Entry ${index} verified` : `Entry ${index} failed verification`);
}

function sourceLink(href, label, current) {
  return h('a', { href, 'aria-current': current ? 'page' : null, class: current ? 'current' : null }, label);
}

/** Summary, signers and body of an entry (`entry` is the v1 LogEntry, or null when read from tiles). */
function describe(result, uuid, entry, trust) {
  const out = [];
  let decoded = null;
  let error = null;
  try {
    decoded = decodeBody(result.body);
  } catch (e) {
    error = e.message;
  }
  out.push(section('summary', 'Entry', dl([
    ['Kind', decoded ? `${decoded.kind} ${decoded.apiVersion}` : `unreadable body (${error})`],
    ['Log index', String(entry?.logIndex ?? result.index)],
    ['UUID', uuid ? code(uuid) : null],
    ['Integrated time', entry ? `${utc(new Date(entry.integratedTime * 1000))} (${entry.integratedTime})` : 'not in tiles (Rekor v2 entries carry no integrated time)'],
    ['Log ID', entry ? code(entry.logID) : null],
    ['Payload type', decoded?.payloadType ?? null],
    ...(decoded?.digests ?? []).map((d) => [`${d.label[0].toUpperCase()}${d.label.slice(1)} digest`, code(`${d.algorithm}:${d.value}`)]),
  ])));
  (decoded?.signers ?? []).forEach((s, i) => {
    out.push(section(`signature-${i}`, decoded.signers.length > 1 ? `Signature ${i + 1}` : 'Signature', dl([
      ['Signature', code(s.signature)],
      ['Key details', s.keyDetails],
      ['Signer', s.error ? `unreadable (${s.error})` : s.certificate ? 'certificate (below)' : 'public key'],
    ])));
    if (s.certificate) out.push(certificateSection(s.certificate, trust, `certificate-${i}`));
    if (s.spki) {
      const fingerprint = h('code', { class: 'wrap' }, '…');
      sha256(s.spki).then((d) => { fingerprint.textContent = `sha256:${toHex(d)}`; });
      out.push(section(`key-${i}`, 'Public key', dl([['SPKI (base64)', code(toBase64(s.spki))], ['Fingerprint', fingerprint]])));
    }
  });
  if (entry?.verification?.signedEntryTimestamp) {
    out.push(section('set', 'Signed entry timestamp', dl([['Signature (base64 DER)', code(entry.verification.signedEntryTimestamp)]])));
  }
  if (!entry) out.push(...proofSections(result, null));
  let pretty;
  try { pretty = JSON.stringify(JSON.parse(text(result.body)), null, 2); } catch { pretty = toBase64(result.body); }
  out.push(h('details', { class: 'body' }, h('summary', {}, 'Entry body (canonicalized)'), h('pre', { class: 'wrap' }, pretty)));
  return out;
}

/** The checkpoint with its signature lines, and the inclusion proof. */
function proofSections(result, proof) {
  const out = [];
  if (result.checkpoint) {
    out.push(section('checkpoint', 'Checkpoint', h('pre', { class: 'wrap note' }, result.checkpoint.body),
      h('div', { class: 'scroll', role: 'region', 'aria-label': 'Checkpoint signatures', tabindex: '0' },
        h('table', {},
          h('caption', {}, 'Signatures and cosignatures'),
          h('thead', {}, h('tr', {}, ...['Name', 'Key hint', 'Key', 'Signature'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, result.lines.map((l) => h('tr', {},
            h('td', {}, l.name), h('td', {}, code(l.hint)), h('td', {}, l.who),
            h('td', {}, l.verified === null ? 'not checked' : badge(l.verified)))))))));
  }
  if (proof) {
    out.push(section('proof', 'Inclusion proof', dl([
      ['Tree size', String(proof.treeSize)],
      ['Root hash', code(proof.rootHash)],
      ['Hashes', h('ol', { class: 'plain' }, (proof.hashes ?? []).map((x) => h('li', {}, code(x))))],
    ])));
  } else if (result.checkpoint) {
    out.push(section('proof', 'Inclusion proof', h('p', {}, 'Computed in this page from the log\'s hash tiles against the checkpoint above.')));
  }
  return out;
}
