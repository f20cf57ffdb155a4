// A small DER reader (ITU-T X.690 §8 and §10): tag, length, value; universal types the certificate view needs.
// Every read checks its bounds; malformed input throws DerError, never reads past the buffer.

export class DerError extends Error {}

export const Tag = Object.freeze({
  BOOLEAN: 0x01, INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06,
  UTF8: 0x0c, SEQUENCE: 0x30, SET: 0x31, PRINTABLE: 0x13, T61: 0x14, IA5: 0x16, UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18, BMP: 0x1e,
});

/** Reads one TLV starting at `offset` of `bytes`: {tag, constructed, tagClass, number, start, end, value}. */
export function read(bytes, offset = 0) {
  if (offset + 2 > bytes.length) throw new DerError('truncated DER header');
  const tag = bytes[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not used here');
  let at = offset + 1;
  let length = bytes[at++];
  if (length & 0x80) {
    const count = length & 0x7f;
    // X.690 §10.1: definite form, minimal length octets; four octets cover every certificate.
    if (count === 0 || count > 4) throw new DerError('unsupported DER length form');
    if (at + count > bytes.length) throw new DerError('truncated DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[at++];
    if (length < 0x80 || (count > 1 && bytes[at - count] === 0)) throw new DerError('non-minimal DER length');
  }
  if (at + length > bytes.length) throw new DerError('DER value runs past its container');
  return {
    tag, constructed: (tag & 0x20) !== 0, tagClass: tag >> 6, number: tag & 0x1f,
    start: offset, end: at + length, value: bytes.subarray(at, at + length), raw: bytes.subarray(offset, at + length),
  };
}

/** Reads a whole buffer as exactly one TLV (nothing may follow it). */
export function readAll(bytes) {
  const tlv = read(bytes, 0);
  if (tlv.end !== bytes.length) throw new DerError('trailing bytes after DER value');
  return tlv;
}

/** The TLVs inside a constructed value, in order. */
export function children(tlv) {
  if (!tlv.constructed) throw new DerError('expected a constructed value');
  const out = [];
  for (let at = 0; at < tlv.value.length;) {
    const child = read(tlv.value, at);
    out.push(child);
    at = child.end;
  }
  return out;
}

/** Checks the tag and returns the TLV. */
export function expect(tlv, tag, what) {
  if (!tlv || tlv.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}`);
  return tlv;
}

/** An OBJECT IDENTIFIER in dotted form (X.690 §8.19). */
export function oid(tlv) {
  const v = expect(tlv, Tag.OID, 'OID').value;
  if (v.length === 0) throw new DerError('empty OID');
  const arcs = [];
  let n = 0n;
  for (let i = 0; i < v.length; i++) {
    n = (n << 7n) | BigInt(v[i] & 0x7f);
    if ((v[i] & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = n < 40n ? 0n : n < 80n ? 1n : 2n;
        arcs.push(first, n - first * 40n);
      } else {
        arcs.push(n);
      }
      n = 0n;
    } else if (i === v.length - 1) {
      throw new DerError('truncated OID');
    }
  }
  return arcs.join('.');
}

/** An INTEGER as lowercase hex of its two's-complement content octets (serial numbers). */
export function integerHex(tlv) {
  const v = expect(tlv, Tag.INTEGER, 'INTEGER').value;
  return Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A small non-negative INTEGER as a number. */
export function integer(tlv) {
  const v = expect(tlv, Tag.INTEGER, 'INTEGER').value;
  if (v.length === 0 || v.length > 6 || (v[0] & 0x80)) throw new DerError('INTEGER out of range');
  return v.reduce((n, b) => n * 256 + b, 0);
}

export function boolean(tlv) {
  const v = expect(tlv, Tag.BOOLEAN, 'BOOLEAN').value;
  if (v.length !== 1) throw new DerError('BOOLEAN is one octet');
  return v[0] !== 0;
}

/** A BIT STRING's bytes (X.690 §8.6) and its count of unused bits. */
export function bitString(tlv) {
  const v = expect(tlv, Tag.BIT_STRING, 'BIT STRING').value;
  if (v.length === 0 || v[0] > 7) throw new DerError('malformed BIT STRING');
  return { unused: v[0], bytes: v.subarray(1) };
}

/** A character string of any of the types names and extensions use. */
export function string(tlv) {
  switch (tlv.tag) {
    case Tag.UTF8: return new TextDecoder('utf-8', { fatal: true }).decode(tlv.value);
    case Tag.PRINTABLE: case Tag.IA5: case Tag.T61: return String.fromCharCode(...tlv.value);
    case Tag.BMP: {
      let s = '';
      for (let i = 0; i + 1 < tlv.value.length; i += 2) s += String.fromCharCode((tlv.value[i] << 8) | tlv.value[i + 1]);
      return s;
    }
    default: throw new DerError(`not a string type (tag 0x${tlv.tag.toString(16)})`);
  }
}

/** UTCTime (RFC 5280 §4.1.2.5.1) or GeneralizedTime (§4.1.2.5.2), both in Zulu form, as a Date. */
export function time(tlv) {
  const s = String.fromCharCode(...tlv.value);
  let m;
  if (tlv.tag === Tag.UTC_TIME && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s))) {
    const yy = Number(m[1]);
    return new Date(Date.UTC(yy >= 50 ? 1900 + yy : 2000 + yy, m[2] - 1, m[3], m[4], m[5], m[6]));
  }
  if (tlv.tag === Tag.GENERALIZED_TIME && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s))) {
    return new Date(Date.UTC(m[1], m[2] - 1, m[3], m[4], m[5], m[6]));
  }
  throw new DerError('malformed time');
}
