// What the page trusts: the log keys and CA chain the server embedded in the page (a trusted_root.json,
// protobuf-specs TrustedRoot). See the trust notice in index.html for what that does and does not protect against.
import { fromBase64, toHex } from './bytes.js';
import { importKey } from './keys.js';
import { parseCertificate } from './x509.js';

const LABELS = Object.freeze({ PKIX_ED25519: 'log checkpoint key', PKIX_ECDSA_P256_SHA_256: 'Rekor v1 log key' });

/** Reads the configuration block of the page. Throws when it is missing or not JSON. */
export function readConfig(doc = document) {
  const block = doc.getElementById('signet-config');
  if (!block) throw new Error('the page has no configuration');
  return JSON.parse(block.textContent);
}

/** {origin, treeId, logs: [{details, spki, key, logId, logIdHex, label, validFrom, validTo}], cas: [[cert…]]}. */
export async function loadTrust(config) {
  const logs = [];
  for (const t of config.trustedRoot?.tlogs ?? []) {
    const details = t.publicKey?.keyDetails;
    if (!(details in LABELS)) continue;
    const key = await importKey(fromBase64(t.publicKey.rawBytes), details);
    const logId = fromBase64(t.logId.keyId);
    logs.push({
      ...key, logId, logIdHex: toHex(logId), label: LABELS[details], baseUrl: t.baseUrl,
      validFrom: t.publicKey.validFor?.start ? new Date(t.publicKey.validFor.start) : null,
      validTo: t.publicKey.validFor?.end ? new Date(t.publicKey.validFor.end) : null,
    });
  }
  const cas = (config.trustedRoot?.certificateAuthorities ?? [])
    .map((ca) => (ca.certChain?.certificates ?? []).map((c) => parseCertificate(fromBase64(c.rawBytes))));
  return { origin: config.origin, treeId: config.treeId, logs, cas };
}

/** Whether `time` falls in the key's validity window (trusted root validFor). */
export const validAt = (log, time) => (!log.validFrom || time >= log.validFrom) && (!log.validTo || time <= log.validTo);
