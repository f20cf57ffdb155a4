// A signing certificate: names, validity, key, every extension by name (Fulcio's first), and its chain up to the
// trusted root's CA, each link's signature checked with WebCrypto.
import { h, dl, code, badge, utc, section } from '../dom.js';
import { equal, toBase64 } from '../bytes.js';
import { ALGORITHMS, nameOf } from '../oids.js';
import { detailsOfCertificate, importKey, verify } from '../keys.js';
import { oidcIssuer } from '../x509.js';

/** The section for `cert`; the chain fills in once its signatures are checked. */
export function certificateSection(cert, trust, id) {
  const chain = h('ol', { class: 'chain', 'aria-live': 'polite' }, h('li', {}, 'Checking the chain…'));
  chainOf(cert, trust).then((links) => chain.replaceChildren(...links.map(chainItem)),
    (e) => chain.replaceChildren(h('li', {}, `The chain could not be checked: ${e.message}`)));
  const days = (cert.notAfter - cert.notBefore) / 60000;
  const extensions = [...cert.extensions].sort((a, b) => Number(b.fulcio) - Number(a.fulcio));
  return section(id, 'Signing certificate',
    dl([
      ['Subject alternative names', cert.san.length ? h('ul', { class: 'plain' }, cert.san.map((n) => h('li', {}, `${n.type}: `, code(n.value)))) : '(none)'],
      ['OIDC issuer', oidcIssuer(cert)],
      ['Subject', cert.subject.text || '(empty)'],
      ['Issuer', cert.issuer.text],
      ['Valid', `${utc(cert.notBefore)} to ${utc(cert.notAfter)} (${days < 120 ? `${days} minutes` : `${Math.round(days / 1440)} days`})`],
      ['Serial number', code(cert.serial)],
      ['Public key', `${nameOf(cert.keyAlgorithm, ALGORITHMS)}${cert.keyCurve ? ` ${nameOf(cert.keyCurve, ALGORITHMS)}` : ''}`],
      ['Signature algorithm', cert.signatureAlgorithmName],
    ]),
    h('h3', {}, 'Extensions'),
    h('div', { class: 'scroll', role: 'region', 'aria-label': 'Certificate extensions', tabindex: '0' },
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Extension'), h('th', { scope: 'col' }, 'OID'), h('th', { scope: 'col' }, 'Critical'), h('th', { scope: 'col' }, 'Value'))),
        h('tbody', {}, extensions.map((e) => h('tr', { class: e.fulcio ? 'fulcio' : null, 'data-oid': e.oid },
          h('th', { scope: 'row' }, e.name), h('td', {}, code(e.oid)), h('td', {}, e.critical ? 'yes' : 'no'),
          h('td', {}, e.display.map((line) => h('div', {}, code(line))))))))),
    h('h3', {}, 'Chain'),
    chain,
    h('details', {}, h('summary', {}, 'Certificate (base64 DER)'), h('pre', { class: 'wrap' }, toBase64(cert.der))));
}

function chainItem(link) {
  const who = link.cert.subject.text || link.cert.san.map((n) => n.value).join(', ') || '(no subject)';
  let status;
  if (link.verified === null) status = h('span', { class: 'badge' }, link.note);
  else status = badge(link.verified, link.note, link.note);
  return h('li', {}, h('span', { class: 'wrap' }, who), ' ', status);
}

/**
 * [{cert, verified, note}] from the leaf up: each certificate's signature checked with its issuer's key from the
 * trusted root's CA chains; the root, self-signed and in the trusted root, ends it. A missing issuer ends the chain
 * with verified false.
 */
export async function chainOf(leaf, trust) {
  const pool = trust.cas.flat();
  const links = [];
  let current = leaf;
  for (let depth = 0; depth < 6; depth++) {
    const selfIssued = equal(current.issuerRaw, current.subjectRaw);
    const issuer = selfIssued ? current : pool.find((c) => equal(c.subjectRaw, current.issuerRaw));
    if (!issuer) {
      links.push({ cert: current, verified: false, note: 'issuer not in the trusted root' });
      return links;
    }
    const details = detailsOfCertificate(issuer, current.signatureAlgorithm);
    let ok = false;
    if (details) ok = await verify(await importKey(issuer.spki, details), current.signature, current.tbs);
    const inRoot = pool.some((c) => equal(c.der, current.der));
    const note = !details ? 'signature algorithm not checked here'
      : selfIssued ? (ok && inRoot ? 'self-signed root in the trusted root' : 'self-signed, not trusted')
        : ok ? `signed by ${issuer.subject.text}` : `signature by ${issuer.subject.text} does not verify`;
    links.push({ cert: current, verified: details ? ok && (!selfIssued || inRoot) : null, note });
    if (selfIssued) return links;
    current = issuer;
  }
  return links;
}
