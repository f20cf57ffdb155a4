// A TUF mirror serving one target, trusted_root.json, for `sigstore verify --tuf-mirror-url`.
// Built with @tufjs/repo-mock (a throwaway repository signed with fresh keys) until Signet's own TUF repository
// is used. Usage: node tuf-mirror.js TRUSTED_ROOT.json ROOT_OUT.json
// Prints "listening PORT" on stdout once it serves; runs until killed.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const { initializeTUFRepo, tufHandlers } = require('@tufjs/repo-mock');

const [trustedRootPath, rootOut] = process.argv.slice(2);
const repo = initializeTUFRepo([{ name: 'trusted_root.json', content: fs.readFileSync(trustedRootPath) }]);
fs.writeFileSync(rootOut, JSON.stringify(repo.rootMeta.toJSON()));
const handlers = new Map(tufHandlers(repo, { metadataPathPrefix: '', targetPathPrefix: '/targets' }).map((h) => [h.path, h.fn]));
// With consistent snapshots (TUF spec §5.7.3) clients fetch targets as HASH.NAME: serve those names too.
// Targets are served under /targets/ and at the top level (where @sigstore/tuf looks when the mirror URL ends in '/').
for (const target of repo.targets) {
  const serve = () => ({ statusCode: 200, response: target.content });
  handlers.set(`/${target.name}`, serve);
  for (const alg of ['sha256', 'sha512']) {
    const hash = crypto.createHash(alg).update(target.content).digest('hex');
    handlers.set(`/targets/${hash}.${target.name}`, serve);
    handlers.set(`/${hash}.${target.name}`, serve);
  }
}
const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://mirror').pathname;
  const fn = handlers.get(path);
  if (process.env.TUF_MIRROR_DEBUG) console.error(`${req.method} ${path} ${fn ? 200 : 404}`);
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
