// X.509 certificates (RFC 5280 §4.1) decoded for display: names, validity, key, and every extension by name,
// Fulcio's included (fulcio docs/oid-info.md). Decoding is for showing; trust decisions are in verify.js.
import * as der from './der.js';
import { ALGORITHMS, FULCIO, FULCIO_RAW, KEY_PURPOSES, KEY_USAGE_BITS, NAME_ATTRIBUTES, nameOf } from './oids.js';
import { toHex } from './bytes.js';

const { Tag } = der;

/** Parses a DER certificate. Throws DerError when it is not one. */
export function parseCertificate(bytes) {
  const cert = der.expect(der.readAll(bytes), Tag.SEQUENCE, 'Certificate');
  const [tbs, sigAlg, sigValue] = der.children(cert);
  der.expect(tbs, Tag.SEQUENCE, 'TBSCertificate');
  const fields = der.children(tbs);
  let i = 0;
  let version = 1;
  if (fields[i]?.tag === 0xa0) version = der.integer(der.children(fields[i++])[0]) + 1;
  const serial = der.integerHex(fields[i++]);
  const signatureAlgorithm = der.oid(der.children(der.expect(fields[i++], Tag.SEQUENCE, 'signature'))[0]);
  const issuer = der.expect(fields[i++], Tag.SEQUENCE, 'issuer');
  const [notBefore, notAfter] = der.children(der.expect(fields[i++], Tag.SEQUENCE, 'validity')).map(der.time);
  const subject = der.expect(fields[i++], Tag.SEQUENCE, 'subject');
  const spki = der.expect(fields[i++], Tag.SEQUENCE, 'subjectPublicKeyInfo');
  const extensions = [];
  for (; i < fields.length; i++) {
    if (fields[i].tag !== 0xa3) continue;
    for (const ext of der.children(der.expect(der.children(fields[i])[0], Tag.SEQUENCE, 'extensions'))) {
      extensions.push(parseExtension(ext));
    }
  }
  const [keyAlg] = der.children(spki);
  const keyAlgParts = der.children(keyAlg);
  const san = extensions.find((e) => e.oid === '2.5.29.17')?.names ?? [];
  return {
    der: bytes, tbs: tbs.raw, version, serial, signatureAlgorithm, signatureAlgorithmName: nameOf(signatureAlgorithm, ALGORITHMS),
    signature: der.bitString(der.expect(sigValue, Tag.BIT_STRING, 'signatureValue')).bytes,
    outerSignatureAlgorithm: der.oid(der.children(sigAlg)[0]),
    issuer: parseName(issuer), issuerRaw: issuer.raw, subject: parseName(subject), subjectRaw: subject.raw,
    notBefore, notAfter, spki: spki.raw,
    keyAlgorithm: der.oid(keyAlgParts[0]),
    keyCurve: keyAlgParts[1]?.tag === Tag.OID ? der.oid(keyAlgParts[1]) : null,
    extensions, san,
    isCa: extensions.find((e) => e.oid === '2.5.29.19')?.ca === true,
  };
}

/** A Name as [{type, value}] and one line of text (RFC 4514 order reversed for reading: as written). */
function parseName(seq) {
  const attributes = [];
  for (const rdn of der.children(seq)) {
    for (const atv of der.children(der.expect(rdn, Tag.SET, 'RDN'))) {
      const [type, value] = der.children(atv);
      attributes.push({ type: nameOf(der.oid(type), NAME_ATTRIBUTES), value: safeString(value) });
    }
  }
  return { attributes, text: attributes.map((a) => `${a.type}=${a.value}`).join(', ') };
}

function safeString(tlv) {
  try { return der.string(tlv); } catch { return `#${toHex(tlv.raw)}`; }
}

function parseExtension(ext) {
  const parts = der.children(der.expect(ext, Tag.SEQUENCE, 'Extension'));
  const oid = der.oid(parts[0]);
  const critical = parts.length === 3 ? der.boolean(parts[1]) : false;
  const value = der.expect(parts[parts.length - 1], Tag.OCTET_STRING, 'extnValue').value;
  const out = { oid, name: nameOf(oid), critical, fulcio: oid in FULCIO, display: [] };
  try {
    decodeExtension(out, value);
  } catch (e) {
    out.display = [`(undecodable: ${e.message}) ${toHex(value)}`];
  }
  return out;
}

function decodeExtension(out, value) {
  const { oid } = out;
  if (FULCIO_RAW.has(oid)) {
    out.display = [new TextDecoder().decode(value)];
  } else if (oid in FULCIO) {
    out.display = [der.string(der.readAll(value))];
  } else if (oid === '2.5.29.17') {
    out.names = der.children(der.readAll(value)).map(generalName);
    out.display = out.names.map((n) => `${n.type}: ${n.value}`);
  } else if (oid === '2.5.29.15') {
    const { bytes } = der.bitString(der.readAll(value));
    out.display = [KEY_USAGE_BITS.filter((_, bit) => bytes[bit >> 3] & (0x80 >> (bit & 7))).join(', ')];
  } else if (oid === '2.5.29.37') {
    out.display = [der.children(der.readAll(value)).map((o) => nameOf(der.oid(o), KEY_PURPOSES)).join(', ')];
  } else if (oid === '2.5.29.14') {
    out.display = [toHex(der.expect(der.readAll(value), Tag.OCTET_STRING, 'SKI').value)];
  } else if (oid === '2.5.29.35') {
    const id = der.children(der.readAll(value)).find((c) => c.tag === 0x80);
    out.display = [id ? toHex(id.value) : '(no key identifier)'];
  } else if (oid === '2.5.29.19') {
    const parts = der.children(der.readAll(value));
    out.ca = parts[0]?.tag === Tag.BOOLEAN && der.boolean(parts[0]);
    out.display = [out.ca ? 'CA' : 'not a CA'];
  } else if (oid === '1.3.6.1.4.1.11129.2.4.2') {
    out.display = signedCertificateTimestamps(der.expect(der.readAll(value), Tag.OCTET_STRING, 'SCT list').value);
  } else if (oid === '1.3.6.1.4.1.11129.2.4.3') {
    out.display = ['precertificate'];
  } else {
    out.display = [toHex(value)];
  }
}

/** RFC 5280 §4.2.1.6 GeneralName; Fulcio's username SAN is an otherName 1.3.6.1.4.1.57264.1.7 holding a UTF8String. */
function generalName(tlv) {
  switch (tlv.tag) {
    case 0x81: return { type: 'email', value: String.fromCharCode(...tlv.value) };
    case 0x82: return { type: 'DNS', value: String.fromCharCode(...tlv.value) };
    case 0x86: return { type: 'URI', value: String.fromCharCode(...tlv.value) };
    case 0x87: return { type: 'IP', value: Array.from(tlv.value).join(tlv.value.length === 4 ? '.' : ':') };
    case 0xa0: {
      const [typeId, explicit] = der.children(tlv);
      const value = der.children(explicit)[0];
      return { type: `otherName ${nameOf(der.oid(typeId))}`, value: safeString(value) };
    }
    default: return { type: `[${tlv.number}]`, value: toHex(tlv.value) };
  }
}

/** RFC 6962 §3.3 SignedCertificateTimestampList: each SCT's log ID and time. */
function signedCertificateTimestamps(list) {
  const view = new DataView(list.buffer, list.byteOffset, list.byteLength);
  if (list.length < 2 || view.getUint16(0) !== list.length - 2) throw new Error('malformed SCT list');
  const out = [];
  for (let at = 2; at < list.length;) {
    const length = view.getUint16(at);
    const sct = list.subarray(at + 2, at + 2 + length);
    if (sct.length !== length || length < 43) throw new Error('malformed SCT');
    const ms = Number(new DataView(sct.buffer, sct.byteOffset + 33, 8).getBigUint64(0));
    out.push(`v${sct[0] + 1} log ${toHex(sct.subarray(1, 33))} at ${new Date(ms).toISOString()}`);
    at += 2 + length;
  }
  return out;
}

/** The identities a certificate names (SAN values), for summaries. */
export const identities = (cert) => cert.san.map((n) => n.value);

/** The OIDC issuer a Fulcio certificate names (V2 extension, else the deprecated one). */
export function oidcIssuer(cert) {
  const ext = cert.extensions.find((e) => e.oid === '1.3.6.1.4.1.57264.1.8') ?? cert.extensions.find((e) => e.oid === '1.3.6.1.4.1.57264.1.1');
  return ext?.display[0] ?? null;
}
