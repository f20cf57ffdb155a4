// The log overview: size, the newest checkpoint (its signature checked here), recent entries, entries per minute,
// and the keys this page trusts.
import * as api from '../api.js';
import { h, dl, code, badge, section } from '../dom.js';
import { equal, fromHex } from '../bytes.js';
import { parseCheckpoint, verifyCheckpoint } from '../note.js';
import { entryTable } from './summary.js';

const RECENT = 20;
const SHOWN = 10;

export async function renderOverview(ctx) {
  ctx.setTitle('Overview');
  const [info, trust] = await Promise.all([api.logInfo(), ctx.trust]);
  const size = Number(info.treeSize);
  const indexes = [];
  for (let i = size - 1; i >= Math.max(0, size - RECENT); i--) indexes.push(i);
  const batches = [];
  for (let i = 0; i < indexes.length; i += 10) batches.push(api.retrieve({ logIndexes: indexes.slice(i, i + 10) }));
  const recent = (await Promise.all(batches)).flat().flatMap((o) => Object.entries(o)).map(([uuid, entry]) => ({ uuid, entry }))
    .sort((a, b) => b.entry.logIndex - a.entry.logIndex);

  let checkpointStatus;
  let verified = false;
  try {
    const cp = parseCheckpoint(info.signedTreeHead);
    const outcome = await verifyCheckpoint(cp, trust);
    verified = outcome.verified && cp.size === BigInt(info.treeSize) && equal(cp.rootHash, fromHex(info.rootHash));
    checkpointStatus = badge(verified, 'signature verified in this page', 'checkpoint failed verification');
  } catch (e) {
    checkpointStatus = badge(false, '', `checkpoint unreadable: ${e.message}`);
  }

  ctx.show(
    h('h1', { tabindex: '-1' }, 'Transparency log'),
    section('log', 'Log', dl([
      ['Origin', code(trust.origin)],
      ['Entries', size.toLocaleString('en')],
      ['Root hash', code(info.rootHash)],
      ['Entries per minute', rate(recent)],
    ])),
    section('newest-checkpoint', 'Newest checkpoint',
      h('p', { id: 'checkpoint-status', 'data-verified': String(verified) }, checkpointStatus),
      h('pre', { class: 'wrap note' }, info.signedTreeHead)),
    section('recent', 'Recent entries', recent.length
      ? entryTable(recent.slice(0, SHOWN), `The newest ${Math.min(SHOWN, recent.length)} of ${size.toLocaleString('en')} entries`)
      : h('p', {}, 'The log is empty.')),
    section('keys', 'Keys this page trusts',
      h('p', {}, 'Compare these log IDs with the trusted root you verify with (signet trust show, or your trusted_root.json).'),
      h('ul', { class: 'plain' }, trust.logs.map((l) => h('li', {}, `${l.label} (${l.details}), log ID `, code(l.logIdHex))))));
}

/** Entries per minute over the newest entries: their count over the time from the oldest of them to now. */
function rate(recent) {
  if (recent.length === 0) return '0';
  const oldest = Math.min(...recent.map((r) => r.entry.integratedTime));
  const seconds = Math.max(60, Date.now() / 1000 - oldest);
  const perMinute = (recent.length * 60) / seconds;
  return `${perMinute.toFixed(perMinute < 10 ? 2 : 0)} (the newest ${recent.length} entries, over ${Math.round(seconds / 60)} min)`;
}
