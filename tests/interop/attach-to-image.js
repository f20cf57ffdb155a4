// @sigstore/oci 0.7 attaching a Sigstore bundle to an image as GitHub's actions/attest does with push-to-registry: an
// OCI artifact manifest (artifactType = the bundle's media type) whose subject is the image, found through the
// referrers API or, where the registry has none, the referrers tag schema (sha256-<hex>).
// usage: node attach-to-image.js IMAGE_NAME IMAGE_DIGEST BUNDLE_JSON USER PASSWORD
// Prints one line: the artifact manifest's digest.
const fs = require('fs');
const { attachArtifactToImage } = require('@sigstore/oci');

const [imageName, imageDigest, bundlePath, username, password] = process.argv.slice(2);
(async () => {
  const artifact = fs.readFileSync(bundlePath);
  const bundle = JSON.parse(artifact);
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64'));
  const descriptor = await attachArtifactToImage({
    imageName,
    imageDigest,
    artifact,
    mediaType: bundle.mediaType,
    annotations: {
      'dev.sigstore.bundle.content': 'dsse-envelope',
      'dev.sigstore.bundle.predicateType': statement.predicateType,
    },
    credentials: { username, password },
    fetchOpts: { retry: { retries: 0 } },
  });
  console.log(descriptor.digest);
})().catch((e) => {
  console.error(`${e.code ?? e.name}: ${e.message}${e.cause ? ` (${e.cause.message})` : ''}`);
  process.exit(1);
});
