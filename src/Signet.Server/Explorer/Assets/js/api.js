// The log's own APIs, on the page's own origin: every URL is resolved against the explorer's base, whose parent is
// the server's base URL (so a reverse proxy's path prefix works too). Nothing else is ever fetched.

/** The server's base URL: the explorer lives at BASE/explorer/. */
export const apiBase = () => new URL('../', document.baseURI);

/** A failed call: the HTTP status and the problem detail the server gave. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

const MAX_RESPONSE = 8 * 1024 * 1024;

async function call(path, init) {
  const url = new URL(path, apiBase());
  if (url.origin !== location.origin) throw new Error('refusing a cross-origin request');
  const response = await fetch(url, { credentials: 'omit', cache: 'no-store', ...init });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      if (problem && typeof problem.detail === 'string') detail = problem.detail;
    } catch { /* not problem+json */ }
    throw new ApiError(response.status, detail);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_RESPONSE) throw new Error(`${path}: response larger than ${MAX_RESPONSE} bytes`);
  return bytes;
}

const json = (bytes) => JSON.parse(new TextDecoder().decode(bytes));
const post = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** Rekor v1 getLogInfo. */
export const logInfo = async () => json(await call('api/v1/log'));

/** Rekor v1 getLogEntryByIndex: {uuid: LogEntry}. */
export const entryByIndex = async (index) => json(await call(`api/v1/log/entries?logIndex=${encodeURIComponent(index)}`));

/** Rekor v1 getLogEntryByUUID. */
export const entryByUuid = async (uuid) => json(await call(`api/v1/log/entries/${encodeURIComponent(uuid)}`));

/** Rekor v1 searchIndex: UUIDs. */
export const searchIndex = async (query) => json(await call('api/v1/index/retrieve', post(query)));

/** Rekor v1 searchLogQuery: [{uuid: LogEntry}] for at most 10 UUIDs or indices. */
export const retrieve = async (query) => json(await call('api/v1/log/entries/retrieve', post(query)));

/** Rekor v2 / tlog-tiles checkpoint (text). */
export const checkpoint = async () => new TextDecoder().decode(await call('api/v2/checkpoint'));

/** A tlog-tiles path under the Rekor v2 API (tile/…, tile/entries/…). */
export const tile = (path) => call(`api/v2/${path}`);
