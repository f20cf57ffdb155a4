// A TUF mirror serving one target, trusted_root.json, for `sigstore verify --tuf-mirror-url`.
// Built with @tufjs/repo-mock (a throwaway repository signed with fresh keys) until Signet's own TUF repository
// is used. Usage: node tuf-mirror.js TRUSTED_ROOT.json ROOT_OUT.json
// Prints "listening PORT" on stdout once it serves; runs until killed.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const { initializeTUFRepo, tufHandlers } = require('@tufjs/repo-mock');

const [trustedRootPath, rootOut] = process.argv.slice(2);
const repo = initializeTUFRepo([{ name: 'trusted_root.json', content: fs.readFileSync(trustedRootPath) }]);
fs.writeFileSync(rootOut, JSON.stringify(repo.rootMeta.toJSON()));
const handlers = new Map(tufHandlers(repo, { metadataPathPrefix: '', targetPathPrefix: '/targets' }).map((h) => [h.path, h.fn]));
const server = http.createServer((req, res) => {
  const fn = handlers.get(new URL(req.url, 'http://mirror').pathname);
  if (!fn) {
    res.writeHead(404);
    res.end();
    return;
  }
  const { statusCode, response, contentType } = fn();
  res.writeHead(statusCode, contentType ? { 'Content-Type': contentType } : {});
  res.end(response);
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
