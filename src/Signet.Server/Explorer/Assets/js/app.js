// The explorer's router: /explorer/ (overview; ?q= for a search) and /explorer/entry/INDEX (?source=tiles), all
// relative to the page's base so deep links open directly. Links and the search form navigate in place.
import { h } from './dom.js';
import { loadTrust, readConfig } from './trust.js';
import { renderOverview } from './views/overview.js';
import { renderResults } from './views/results.js';
import { renderEntry } from './views/entry.js';

const main = document.getElementById('view');
const live = document.getElementById('announce');
const input = document.getElementById('q');
const basePath = new URL(document.baseURI).pathname;
const trust = (async () => loadTrust(readConfig()))();
let generation = 0;

function context(token) {
  const current = () => token === generation;
  return {
    trust,
    show: (...nodes) => { if (current()) main.replaceChildren(...nodes); },
    setTitle: (title) => { if (current()) document.title = `${title} · Signet log explorer`; },
    setQuery: (q) => { if (current() && document.activeElement !== input) input.value = q; },
    announce: (message) => { if (current()) live.textContent = message; },
  };
}

async function render(moveFocus) {
  const token = ++generation;
  const ctx = context(token);
  const path = location.pathname.startsWith(basePath) ? location.pathname.slice(basePath.length) : null;
  const params = new URLSearchParams(location.search);
  main.setAttribute('aria-busy', 'true');
  try {
    const entry = path === null ? null : /^entry\/([0-9]{1,19})$/.exec(path);
    if (path === '' && params.get('q')) {
      await renderResults(ctx, params.get('q'));
    } else if (path === '') {
      input.value = '';
      await renderOverview(ctx);
    } else if (entry) {
      await renderEntry(ctx, entry[1], params.get('source') === 'tiles' ? 'tiles' : 'v1');
    } else {
      ctx.setTitle('Not found');
      ctx.show(h('h1', { tabindex: '-1' }, 'Not found'), h('p', {}, 'The explorer has no such page.'));
    }
  } catch (e) {
    const notFound = e.status === 404 || e instanceof RangeError;
    const message = notFound ? `Not found: ${e.message}` : `Something went wrong: ${e.message}`;
    if (token === generation) {
      // The entry view shows its heading and verification box first; any other view failed before it showed anything.
      const verification = main.querySelector('#verification');
      const heading = (verification && main.querySelector('h1')) || h('h1', { tabindex: '-1' }, notFound ? 'Not found' : 'Error');
      const problem = h('p', { role: 'alert', class: 'error' }, message);
      if (verification) {
        verification.setAttribute('data-verified', 'false');
        verification.querySelector('#verification-status')?.replaceChildren('Verification failed: ', message);
      }
      main.replaceChildren(heading, problem, ...(verification ? [verification] : []));
    }
  } finally {
    if (token === generation) {
      main.removeAttribute('aria-busy');
      if (moveFocus) main.querySelector('h1')?.focus();
    }
  }
}

function navigate(url) {
  history.pushState(null, '', url);
  render(true);
}

document.addEventListener('click', (event) => {
  const a = event.target.closest('a[href]');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || a.target) return;
  const url = new URL(a.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(basePath) || url.pathname.startsWith(`${basePath}assets/`)) return;
  event.preventDefault();
  navigate(url);
});

document.getElementById('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = input.value.trim();
  navigate(new URL(q ? `./?q=${encodeURIComponent(q)}` : './', document.baseURI));
});

window.addEventListener('popstate', () => render(true));
render(false);
