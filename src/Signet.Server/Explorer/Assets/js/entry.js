// Rekor entry bodies (canonicalized JSON {apiVersion, kind, spec}) decoded for display: the kinds Signet's log
// accepts — hashedrekord 0.0.1 and 0.0.2, dsse 0.0.1, intoto 0.0.2 — with their digests and signers.
import { fromBase64, text, toHex } from './bytes.js';
import { parsePem } from './keys.js';
import { parseCertificate } from './x509.js';

const DIGEST_NAMES = Object.freeze({ SHA2_256: 'sha256', SHA2_384: 'sha384', SHA2_512: 'sha512' });

/** {kind, apiVersion, spec, digests: [{label, value}], signers: [{signature, certificate?, spki?, error?}], payloadType?}. */
export function decodeBody(body) {
  const parsed = JSON.parse(text(body));
  if (!parsed || typeof parsed !== 'object' || typeof parsed.kind !== 'string' || typeof parsed.apiVersion !== 'string') {
    throw new Error('the entry body is not {apiVersion, kind, spec}');
  }
  const spec = parsed.spec ?? {};
  const out = { kind: parsed.kind, apiVersion: parsed.apiVersion, spec, digests: [], signers: [], payloadType: null };
  switch (`${parsed.kind}/${parsed.apiVersion}`) {
    case 'hashedrekord/0.0.1':
      out.digests.push(digest('artifact', spec.data?.hash?.algorithm, spec.data?.hash?.value));
      out.signers.push(signer(spec.signature?.content, () => fromPemField(spec.signature?.publicKey?.content)));
      break;
    case 'hashedrekord/0.0.2': {
      const v2 = spec.hashedRekordV002 ?? {};
      out.digests.push(digest('artifact', DIGEST_NAMES[v2.data?.algorithm] ?? v2.data?.algorithm, b64hex(v2.data?.digest)));
      const verifier = v2.signature?.verifier ?? {};
      out.signers.push(signer(v2.signature?.content, () => (verifier.x509Certificate
        ? { certificate: parseCertificate(fromBase64(verifier.x509Certificate.rawBytes)) }
        : { spki: fromBase64(verifier.publicKey?.rawBytes ?? '') }), verifier.keyDetails));
      break;
    }
    case 'dsse/0.0.1':
      out.digests.push(digest('payload', spec.payloadHash?.algorithm, spec.payloadHash?.value));
      out.digests.push(digest('envelope', spec.envelopeHash?.algorithm, spec.envelopeHash?.value));
      for (const s of spec.signatures ?? []) out.signers.push(signer(s.signature, () => fromPemField(s.verifier)));
      break;
    case 'intoto/0.0.2': {
      const content = spec.content ?? {};
      out.payloadType = content.envelope?.payloadType ?? null;
      out.digests.push(digest('payload', content.payloadHash?.algorithm, content.payloadHash?.value));
      out.digests.push(digest('envelope', content.hash?.algorithm, content.hash?.value));
      for (const s of content.envelope?.signatures ?? []) out.signers.push(signer(decodeOnce(s.sig), () => fromPemField(s.publicKey)));
      break;
    }
    default:
      break;
  }
  return out;
}

const digest = (label, algorithm, value) => ({ label, algorithm: String(algorithm ?? '?').toLowerCase(), value: String(value ?? '') });

function b64hex(value) {
  try { return toHex(fromBase64(value)); } catch { return ''; }
}

function signer(signature, read, keyDetails = null) {
  const out = { signature: typeof signature === 'string' ? signature : '', keyDetails };
  try {
    Object.assign(out, read());
  } catch (e) {
    out.error = e.message;
  }
  return out;
}

/** A field holding base64 of a PEM (sometimes base64 twice, as intoto 0.0.2 logs it) → {certificate} or {spki}. */
function fromPemField(value) {
  let current = String(value ?? '');
  for (let i = 0; i < 3 && !current.includes('-----BEGIN'); i++) current = text(fromBase64(current));
  const [block] = parsePem(current);
  if (!block) throw new Error('no PEM block');
  if (block.label === 'CERTIFICATE') return { certificate: parseCertificate(block.der) };
  if (block.label === 'PUBLIC KEY') return { spki: block.der };
  throw new Error(`unexpected PEM ${block.label}`);
}

/** intoto 0.0.2 logs the signature base64-encoded once more; undo that when it is so. */
function decodeOnce(value) {
  try {
    const inner = text(fromBase64(String(value ?? '')));
    fromBase64(inner);
    return inner;
  } catch {
    return String(value ?? '');
  }
}

/** One line naming who signed: the certificate's SANs, or "public key". */
export function signerSummary(decoded) {
  const names = decoded.signers.flatMap((s) => (s.certificate ? s.certificate.san.map((n) => n.value) : s.spki ? ['public key'] : []));
  return names.length ? [...new Set(names)].join(', ') : 'unknown signer';
}
