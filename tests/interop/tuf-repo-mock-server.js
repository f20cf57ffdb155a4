// Serves a TUF repository made by @tufjs/repo-mock (sigstore-js's test fixture) over real HTTP on a loopback port,
// so that Signet's TUF client can read it. Usage: node tuf-repo-mock-server.js TARGET_CONTENT
// Prints {"port": N} once listening. Metadata under /metadata, targets under /targets (repo-mock's layout).
'use strict';
const http = require('http');
const { initializeTUFRepo, tufHandlers } = require('@tufjs/repo-mock');

const content = process.argv[2] || '{"hello":"signet"}';
const repo = initializeTUFRepo([{ name: 'trusted_root.json', content }]);
const handlers = tufHandlers(repo, {});
const server = http.createServer((req, res) => {
  const handler = handlers.find((h) => h.path === req.url);
  if (!handler) {
    res.statusCode = 404;
    res.end();
    return;
  }
  const r = handler.fn();
  res.statusCode = r.statusCode;
  if (r.contentType) res.setHeader('content-type', r.contentType);
  res.end(r.response);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
