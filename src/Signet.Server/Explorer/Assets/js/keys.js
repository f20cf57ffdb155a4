// Public keys and signature checks through WebCrypto: ECDSA P-256/P-384 (signatures arrive DER-encoded, RFC 3279
// §2.2.3, and WebCrypto wants r||s) and Ed25519 (RFC 8032).
import * as der from './der.js';
import { fromBase64 } from './bytes.js';

const SCHEMES = Object.freeze({
  PKIX_ECDSA_P256_SHA_256: { import: { name: 'ECDSA', namedCurve: 'P-256' }, verify: { name: 'ECDSA', hash: 'SHA-256' }, size: 32 },
  PKIX_ECDSA_P384_SHA_384: { import: { name: 'ECDSA', namedCurve: 'P-384' }, verify: { name: 'ECDSA', hash: 'SHA-384' }, size: 48 },
  PKIX_ED25519: { import: { name: 'Ed25519' }, verify: { name: 'Ed25519' }, size: 0 },
});

/** A verification key: {details, spki, scheme, key}. Throws when the key or its type is not supported. */
export async function importKey(spki, details) {
  const scheme = SCHEMES[details];
  if (!scheme) throw new Error(`unsupported key type ${details}`);
  const key = await crypto.subtle.importKey('spki', spki, scheme.import, false, ['verify']);
  return { details, spki, scheme, key };
}

/** The key details (trusted-root spelling) of a certificate's public key and signature algorithm, or null. */
export function detailsOfCertificate(cert, signatureAlgorithm = cert.signatureAlgorithm) {
  if (cert.keyAlgorithm === '1.3.101.112') return 'PKIX_ED25519';
  if (cert.keyAlgorithm !== '1.2.840.10045.2.1') return null;
  if (cert.keyCurve === '1.2.840.10045.3.1.7' && signatureAlgorithm === '1.2.840.10045.4.3.2') return 'PKIX_ECDSA_P256_SHA_256';
  if (cert.keyCurve === '1.3.132.0.34' && signatureAlgorithm === '1.2.840.10045.4.3.3') return 'PKIX_ECDSA_P384_SHA_384';
  return null;
}

/** An ECDSA-Sig-Value (SEQUENCE of two INTEGERs) as fixed-size r||s, or null when it is not one. */
export function ecdsaDerToRaw(signature, size) {
  try {
    const seq = der.expect(der.readAll(signature), der.Tag.SEQUENCE, 'ECDSA-Sig-Value');
    const parts = der.children(seq);
    if (parts.length !== 2) return null;
    const out = new Uint8Array(size * 2);
    for (let i = 0; i < 2; i++) {
      let v = der.expect(parts[i], der.Tag.INTEGER, 'r/s').value;
      if (v.length === 0 || (v[0] & 0x80)) return null; // r and s are positive (X.690 §8.3: two's complement)
      while (v.length > 1 && v[0] === 0) v = v.subarray(1);
      if (v.length > size) return null;
      out.set(v, (i + 1) * size - v.length);
    }
    return out;
  } catch {
    return null;
  }
}

/** Whether `signature` over `data` verifies with `k`. A malformed signature is false, not an exception. */
export async function verify(k, signature, data) {
  let sig = signature;
  if (k.scheme.size > 0) {
    sig = ecdsaDerToRaw(signature, k.scheme.size);
    if (!sig) return false;
  } else if (sig.length !== 64) {
    return false;
  }
  return crypto.subtle.verify(k.scheme.verify, k.key, sig, data);
}

/** The blocks of a PEM text (RFC 7468): [{label, der}]. Whitespace inside, or all on one line, is accepted. */
export function parsePem(pemText) {
  const blocks = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  let m;
  while ((m = re.exec(pemText)) !== null) blocks.push({ label: m[1], der: fromBase64(m[2].replace(/\s+/g, '')) });
  return blocks;
}

/** A PEM block with the standard 64-column layout (what Rekor's search index parses). */
export function toPem(label, bytes) {
  let b64 = '';
  for (let i = 0; i < bytes.length; i += 0x8000) b64 += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  b64 = btoa(b64).replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
