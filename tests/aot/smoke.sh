#!/usr/bin/env bash
# serve → sign → verify with one signet binary (default: the Native AOT build in artifacts/aot/signet): a complete
# private Sigstore on a free port with the development OIDC issuer, a keyless signing through every service (CA + CT,
# Rekor v1/v2 log, TSA), then verify and verify-bundle offline against the server's trusted root, and a tampered
# artifact that must be refused. Exits non-zero on the first failure.
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
# PKCS#11 keys need the runtime build (Pkcs11Interop marshals by reflection): the AOT binary refuses a pkcs11: URI with
# exit 3 and one line, before any module is loaded — never an internal error (exit 70).
set +e
"$SIGNET" generate-key-pair --pkcs11 'pkcs11:token=t;object=k?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=1234' \
  --output-key-prefix "$WORK/hsm" >/dev/null 2>"$WORK/pkcs11.err"
rc=$?
set -e
if [ "$rc" != 3 ] || [ "$(wc -l <"$WORK/pkcs11.err")" != 1 ] || ! grep -q 'Native AOT binary cannot load a PKCS#11 module' "$WORK/pkcs11.err"; then
  echo "smoke: a pkcs11: key in the AOT binary gave exit $rc: $(cat "$WORK/pkcs11.err")" >&2
  exit 1
fi
echo "smoke: serve → sign → verify passed"
