// Building the page: elements from data through textContent and attributes only (never HTML from data).

/** An element: h('a', {href, class, data-x, aria-y}, children…). Children are nodes, strings, arrays or null. */
export function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** A definition list from [term, value] pairs (pairs with a null value are left out). */
export const dl = (pairs, attributes = {}) =>
  h('dl', { class: 'facts', ...attributes }, pairs.filter(([, v]) => v !== null && v !== undefined).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

/** Monospace text that wraps anywhere (hashes, UUIDs, base64). */
export const code = (value) => h('code', { class: 'wrap' }, value);

/** A link inside the explorer (relative to its base, so deep links survive a path prefix). */
export const link = (href, ...children) => h('a', { href }, ...children);

/** A verification outcome badge. */
export const badge = (ok, yes = 'verified', no = 'failed') =>
  h('span', { class: ok ? 'badge ok' : 'badge bad' }, ok ? `✔ ${yes}` : `✘ ${no}`);

/** A date in UTC, ISO form without milliseconds. */
export const utc = (date) => date.toISOString().replace('.000Z', 'Z').replace('T', ' ');

/** A titled section with a heading at `level`. */
export function section(id, title, ...children) {
  return h('section', { 'aria-labelledby': `${id}-title`, id }, h('h2', { id: `${id}-title` }, title), ...children);
}
