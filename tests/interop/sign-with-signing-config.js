// sigstore-js (@sigstore/tuf 5 + @sigstore/sign 5) signing the way its library does from a signing config: the config
// is the signing_config.v0.2.json target of a TUF repository, the services are the ones it names.
// usage: node sign-with-signing-config.js MIRROR_URL ROOT_JSON CACHE_DIR messageSignature|dsseEnvelope ARTIFACT OUT [REKOR_MAJOR]
// The identity token is read from SIGSTORE_ID_TOKEN. Prints one line: the bundle's media type and its log entries' kinds.
const fs = require('fs');
const { initTUF } = require('@sigstore/tuf');
const { bundleBuilderFromSigningConfig } = require('@sigstore/sign');
const { SigningConfig } = require('@sigstore/protobuf-specs');
const { bundleToJSON } = require('@sigstore/bundle');

const [mirrorURL, rootPath, cachePath, bundleType, artifactPath, out, rekorMajor] = process.argv.slice(2);
(async () => {
  const tuf = await initTUF({ mirrorURL, rootPath, cachePath, forceCache: false });
  const config = SigningConfig.fromJSON(JSON.parse(await tuf.getTarget('signing_config.v0.2.json')));
  if (rekorMajor) {
    config.rekorTlogUrls = config.rekorTlogUrls.filter((s) => s.majorApiVersion === Number(rekorMajor));
  }
  const builder = bundleBuilderFromSigningConfig({
    signingConfig: config,
    bundleType,
    identityProvider: { getToken: async () => process.env.SIGSTORE_ID_TOKEN },
  });
  const data = fs.readFileSync(artifactPath);
  const bundle = await builder.create(bundleType === 'dsseEnvelope' ? { data, type: 'application/vnd.in-toto+json' } : { data });
  const json = bundleToJSON(bundle);
  fs.writeFileSync(out, JSON.stringify(json));
  console.log(json.mediaType, json.verificationMaterial.tlogEntries.map((e) => `${e.kindVersion.kind} ${e.kindVersion.version}`).join(', '));
})().catch((e) => {
  console.error(`${e.code ?? e.name}: ${e.message}${e.statusCode ? ` (HTTP ${e.statusCode})` : ''}${e.cause ? ` (${e.cause.message})` : ''}`);
  process.exit(1);
});
