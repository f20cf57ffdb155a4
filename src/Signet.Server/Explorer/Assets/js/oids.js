// Names of the object identifiers a Sigstore certificate carries.

/** Fulcio's certificate extensions (fulcio docs/oid-info.md). .1 to .6 hold raw strings; .8 on hold a DER UTF8String. */
export const FULCIO = Object.freeze({
  '1.3.6.1.4.1.57264.1.1': 'Issuer (deprecated)',
  '1.3.6.1.4.1.57264.1.2': 'GitHub Workflow Trigger (deprecated)',
  '1.3.6.1.4.1.57264.1.3': 'GitHub Workflow SHA (deprecated)',
  '1.3.6.1.4.1.57264.1.4': 'GitHub Workflow Name (deprecated)',
  '1.3.6.1.4.1.57264.1.5': 'GitHub Workflow Repository (deprecated)',
  '1.3.6.1.4.1.57264.1.6': 'GitHub Workflow Ref (deprecated)',
  '1.3.6.1.4.1.57264.1.7': 'OtherName SAN',
  '1.3.6.1.4.1.57264.1.8': 'Issuer (V2)',
  '1.3.6.1.4.1.57264.1.9': 'Build Signer URI',
  '1.3.6.1.4.1.57264.1.10': 'Build Signer Digest',
  '1.3.6.1.4.1.57264.1.11': 'Runner Environment',
  '1.3.6.1.4.1.57264.1.12': 'Source Repository URI',
  '1.3.6.1.4.1.57264.1.13': 'Source Repository Digest',
  '1.3.6.1.4.1.57264.1.14': 'Source Repository Ref',
  '1.3.6.1.4.1.57264.1.15': 'Source Repository Identifier',
  '1.3.6.1.4.1.57264.1.16': 'Source Repository Owner URI',
  '1.3.6.1.4.1.57264.1.17': 'Source Repository Owner Identifier',
  '1.3.6.1.4.1.57264.1.18': 'Build Config URI',
  '1.3.6.1.4.1.57264.1.19': 'Build Config Digest',
  '1.3.6.1.4.1.57264.1.20': 'Build Trigger',
  '1.3.6.1.4.1.57264.1.21': 'Run Invocation URI',
  '1.3.6.1.4.1.57264.1.22': 'Source Repository Visibility At Signing',
  '1.3.6.1.4.1.57264.1.23': 'Deployment Environment',
});

/** Fulcio extensions whose value is the raw string itself, not DER. */
export const FULCIO_RAW = new Set(['1', '2', '3', '4', '5', '6'].map((n) => `1.3.6.1.4.1.57264.1.${n}`));

export const EXTENSIONS = Object.freeze({
  '2.5.29.14': 'Subject Key Identifier',
  '2.5.29.15': 'Key Usage',
  '2.5.29.17': 'Subject Alternative Name',
  '2.5.29.19': 'Basic Constraints',
  '2.5.29.35': 'Authority Key Identifier',
  '2.5.29.37': 'Extended Key Usage',
  '1.3.6.1.4.1.11129.2.4.2': 'Signed Certificate Timestamps',
  '1.3.6.1.4.1.11129.2.4.3': 'CT Precertificate Poison',
  ...FULCIO,
});

export const NAME_ATTRIBUTES = Object.freeze({
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber', '1.2.840.113549.1.9.1': 'emailAddress',
});

export const KEY_PURPOSES = Object.freeze({
  '1.3.6.1.5.5.7.3.1': 'serverAuth', '1.3.6.1.5.5.7.3.2': 'clientAuth', '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
});

export const ALGORITHMS = Object.freeze({
  '1.2.840.10045.4.3.2': 'ECDSA with SHA-256', '1.2.840.10045.4.3.3': 'ECDSA with SHA-384',
  '1.2.840.10045.4.3.4': 'ECDSA with SHA-512', '1.3.101.112': 'Ed25519',
  '1.2.840.113549.1.1.11': 'RSA with SHA-256', '1.2.840.113549.1.1.12': 'RSA with SHA-384',
  '1.2.840.10045.2.1': 'EC public key', '1.2.840.113549.1.1.1': 'RSA public key',
  '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521',
});

/** RFC 5280 §4.2.1.3 bit names, bit 0 first. */
export const KEY_USAGE_BITS = Object.freeze([
  'digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign',
  'cRLSign', 'encipherOnly', 'decipherOnly',
]);

export const nameOf = (oid, table = EXTENSIONS) => table[oid] ?? oid;
