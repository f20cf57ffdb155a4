// One table of entries (overview's recent entries, search results): index, kind, time, signer, digest.
import { h, code, link, utc } from '../dom.js';
import { fromBase64 } from '../bytes.js';
import { decodeBody, signerSummary } from '../entry.js';

/** A table of [{uuid, entry}] (Rekor v1 LogEntry objects). */
export function entryTable(entries, caption) {
  return h('div', { class: 'scroll', role: 'region', 'aria-label': caption, tabindex: '0' },
    h('table', { class: 'entries' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...['Index', 'Kind', 'Integrated (UTC)', 'Signer', 'Digest'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, entries.map(row))));
}

function row({ entry }) {
  let decoded = null;
  try { decoded = decodeBody(fromBase64(entry.body)); } catch { /* shown as unreadable */ }
  const digest = decoded?.digests[0];
  return h('tr', { 'data-index': entry.logIndex },
    h('th', { scope: 'row' }, link(`entry/${entry.logIndex}`, `#${entry.logIndex}`)),
    h('td', {}, decoded ? `${decoded.kind} ${decoded.apiVersion}` : 'unreadable'),
    h('td', {}, utc(new Date(entry.integratedTime * 1000))),
    h('td', {}, decoded ? signerSummary(decoded) : ''),
    h('td', {}, digest ? code(`${digest.algorithm}:${digest.value.slice(0, 16)}…`) : ''));
}
