// Search results: only the entries the query matches, newest first.
import { h, code } from '../dom.js';
import { classify, search, MAX_SHOWN } from '../search.js';
import { entryTable } from './summary.js';

export async function renderResults(ctx, query) {
  ctx.setTitle(`Search: ${query}`);
  ctx.setQuery(query);
  let kind;
  try {
    kind = classify(query);
  } catch (e) {
    ctx.show(h('h1', { tabindex: '-1' }, 'Search'), h('p', { role: 'alert', class: 'error' }, e.message));
    return;
  }
  const { entries, total } = await search(kind);
  const heading = h('h1', { tabindex: '-1' }, 'Search results');
  const what = h('p', { id: 'result-count' }, `${total} ${total === 1 ? 'entry matches' : 'entries match'} the ${kind.label} `,
    code(kind.value.length > 120 ? `${kind.value.slice(0, 120)}…` : kind.value),
    total > entries.length ? ` (the newest ${MAX_SHOWN} are shown)` : '');
  ctx.show(heading, what, entries.length ? entryTable(entries, `Entries matching the ${kind.label}`) : h('p', {}, 'No entry matches.'));
  ctx.announce(`${total} ${total === 1 ? 'entry' : 'entries'} found`);
}
