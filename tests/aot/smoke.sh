#!/usr/bin/env bash
# serve → sign → verify with one signet binary (default: the Native AOT build in artifacts/aot/signet): a complete
# private Sigstore on a free port with the development OIDC issuer, a keyless signing through every service (CA + CT,
# Rekor v1/v2 log, TSA), then verify and verify-bundle offline against the server's trusted root, and a tampered
# artifact that must be refused; then a key generated in a fresh SoftHSM2 token (PKCS#11) signs a blob that verifies
# with its public key. Exits non-zero on the first failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIGNET="${1:-$ROOT/artifacts/aot/signet}"
[ -x "$SIGNET" ] || { echo "smoke: $SIGNET is not an executable (publish it: README, Native AOT binary)" >&2; exit 1; }
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$SIGNET" serve --data-dir "$WORK/data" --listen 127.0.0.1:0 --dev-oidc >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
URL=""
for _ in $(seq 1 300); do
  URL="$(sed -n 's/^signet: listening on //p' "$WORK/serve.out" | head -n1)"
  [ -n "$URL" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.err" >&2; echo "smoke: serve exited" >&2; exit 1; }
  sleep 0.2
done
[ -n "$URL" ] || { echo "smoke: serve did not start within 60 s" >&2; exit 1; }
echo "smoke: $SIGNET serve on $URL"

echo "signed by the Native AOT smoke test" >"$WORK/a.txt"
TOKEN="$("$SIGNET" dev-token --server "$URL" --email smoke@example.com)"
"$SIGNET" sign "$WORK/a.txt" --signing-config "$WORK/data/signing_config.v0.2.json" --identity-token "$TOKEN" >/dev/null
[ -s "$WORK/a.txt.sigstore.json" ] || { echo "smoke: sign wrote no bundle" >&2; exit 1; }
"$SIGNET" verify "$WORK/a.txt" --bundle "$WORK/a.txt.sigstore.json" --certificate-identity smoke@example.com \
  --certificate-oidc-issuer "$URL/oidc" --trusted-root "$WORK/data/trusted_root.json" >/dev/null
"$SIGNET" verify-bundle --bundle "$WORK/a.txt.sigstore.json" --certificate-identity smoke@example.com \
  --certificate-oidc-issuer "$URL/oidc" --trusted-root "$WORK/data/trusted_root.json" "$WORK/a.txt" >/dev/null

# An attestation verified under CEL rules (Signet.Policy; the Cel package's reflection in the AOT build): a rule that
# holds passes, a false rule is refused.
echo '{"step":"smoke"}' >"$WORK/predicate.json"
"$SIGNET" attest "$WORK/a.txt" --predicate "$WORK/predicate.json" --type https://signet.dev/smoke/v1 \
  --signing-config "$WORK/data/signing_config.v0.2.json" --identity-token "$TOKEN" >/dev/null
printf 'rules:\n- name: smoke-step\n  cel: predicate.step == "smoke" && subject.exists(s, s.digest.sha256 == artifact.sha256)\n' >"$WORK/good.yaml"
printf 'rules:\n- name: other-step\n  cel: predicate.step == "other"\n' >"$WORK/bad.yaml"
ATT=(--bundle "$WORK/a.txt.intoto.sigstore.json" --certificate-identity smoke@example.com
  --certificate-oidc-issuer "$URL/oidc" --trusted-root "$WORK/data/trusted_root.json")
"$SIGNET" verify-attestation "$WORK/a.txt" "${ATT[@]}" --policy "$WORK/good.yaml" >/dev/null
if "$SIGNET" verify-attestation "$WORK/a.txt" "${ATT[@]}" --policy "$WORK/bad.yaml" >/dev/null 2>&1; then
  echo "smoke: a false CEL rule passed" >&2
  exit 1
fi

echo "tampered" >"$WORK/b.txt"
if "$SIGNET" verify "$WORK/b.txt" --bundle "$WORK/a.txt.sigstore.json" --certificate-identity smoke@example.com \
  --certificate-oidc-issuer "$URL/oidc" --trusted-root "$WORK/data/trusted_root.json" >/dev/null 2>&1; then
  echo "smoke: a tampered artifact verified" >&2
  exit 1
fi
# A key in a PKCS#11 token (Signet.Pkcs11's own binding: unmanaged function pointers, nothing marshalled by reflection):
# a fresh SoftHSM2 token in a private configuration, a key pair generated inside it, a blob signed with the key's URI
# through the server's log and verified with the public key; a wrong PIN is one line, exit 3.
command -v softhsm2-util >/dev/null || { echo "smoke: softhsm2-util is not installed (apt-get install softhsm2)" >&2; exit 1; }
export SOFTHSM2_CONF="$WORK/softhsm2.conf"
mkdir -p "$WORK/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' "$WORK/tokens" >"$SOFTHSM2_CONF"
softhsm2-util --init-token --free --label smoke --pin 1234 --so-pin 5678 >/dev/null
HSM='pkcs11:token=smoke;object=release?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=1234'
"$SIGNET" generate-key-pair --pkcs11 "$HSM" --output-key-prefix "$WORK/hsm" >/dev/null
[ -s "$WORK/hsm.pub" ] && [ ! -e "$WORK/hsm.key" ] || { echo "smoke: generate-key-pair --pkcs11 wrote no public key, or a private key file" >&2; exit 1; }
"$SIGNET" public-key --key "$HSM" | cmp -s - "$WORK/hsm.pub" || { echo "smoke: public-key --key URI differs from the generated public key" >&2; exit 1; }
"$SIGNET" sign "$WORK/a.txt" --key "$HSM" --bundle "$WORK/hsm.sigstore.json" --signing-config "$WORK/data/signing_config.v0.2.json" >/dev/null
"$SIGNET" verify "$WORK/a.txt" --bundle "$WORK/hsm.sigstore.json" --key "$WORK/hsm.pub" --trusted-root "$WORK/data/trusted_root.json" >/dev/null
if "$SIGNET" verify "$WORK/b.txt" --bundle "$WORK/hsm.sigstore.json" --key "$WORK/hsm.pub" --trusted-root "$WORK/data/trusted_root.json" >/dev/null 2>&1; then
  echo "smoke: a tampered artifact verified against the token's key" >&2
  exit 1
fi
set +e
"$SIGNET" public-key --key "${HSM/pin-value=1234/pin-value=9999}" >/dev/null 2>"$WORK/pkcs11.err"
rc=$?
set -e
if [ "$rc" != 3 ] || [ "$(wc -l <"$WORK/pkcs11.err")" != 1 ] || ! grep -q 'the PIN is wrong (CKR_PIN_INCORRECT)' "$WORK/pkcs11.err"; then
  echo "smoke: a wrong PIN gave exit $rc: $(cat "$WORK/pkcs11.err")" >&2
  exit 1
fi
echo "smoke: PKCS#11 key generated in SoftHSM2, signed with and verified"
echo "smoke: serve → sign → verify passed"
