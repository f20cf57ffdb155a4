#!/usr/bin/env bash
# The signet tool packages (issue 20 item 5, RID-specific and Native AOT .NET tools): `dotnet pack src/Signet.Cli` makes the pointer
# package "signet", the Native AOT "signet.<rid>" for this machine and the framework-dependent fallback "signet.any"
# (src/Signet.Cli/Signet.Cli.csproj, SignetPackRidSpecificTools). Run after run.sh's publish, the AOT pack reuses its
# native compile (ILC and the link are incremental). Then `dotnet tool install` from that folder alone, into temporary
# tool paths: on this machine it installs the AOT binary (an ELF executable, no signet.dll beside it), which prints its
# version, verifies a conformance bundle and refuses another artifact; the "any" package, installed on its own, runs
# the same checks with the .NET runtime.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
PACKAGES="$ROOT/artifacts/packages"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "tool: $*" >&2; exit 1; }
start=$SECONDS
rm -rf "$PACKAGES"
dotnet pack "$ROOT/src/Signet.Cli" -c Release -o "$PACKAGES" -nologo -v quiet -clp:ErrorsOnly -p:SignetAotTool=true
VERSION="$(dotnet msbuild "$ROOT/src/Signet.Cli" -getProperty:Version)"
RID="$(dotnet msbuild "$ROOT/src/Signet.Cli" -getProperty:SignetToolAotRid)"
[ -n "$RID" ] || fail "this machine has no Native AOT tool RID (linux-x64 or linux-arm64)"
for id in signet "signet.$RID" signet.any; do
  [ -f "$PACKAGES/$id.$VERSION.nupkg" ] || fail "dotnet pack made no $id.$VERSION.nupkg: $(ls "$PACKAGES")"
done
echo "tool: packed signet, signet.$RID, signet.any $VERSION in $((SECONDS - start)) s"
cat >"$WORK/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$PACKAGES" />
  </packageSources>
</configuration>
CONFIG

CASES="$ROOT/tests/Signet.Conformance.Tests/TestData"
IDENTITY="https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main"
check() { # check SIGNET: --version, a conformance bundle verifies, another artifact is refused (exit 1)
  local signet="$1" shown code
  shown="$("$signet" --version)"
  [[ "$shown" == "$VERSION"* ]] || fail "$signet --version printed '$shown', not $VERSION"
  "$signet" verify "$CASES/conformance/a.txt" --bundle "$CASES/conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json" \
    --trusted-root "$CASES/production_trusted_root.json" --certificate-identity "$IDENTITY" \
    --certificate-oidc-issuer https://token.actions.githubusercontent.com >/dev/null || fail "$signet: the conformance bundle did not verify"
  echo "not the signed artifact" >"$WORK/other.txt"
  code=0
  "$signet" verify "$WORK/other.txt" --bundle "$CASES/conformance/bundle-verify/happy-path-v0.3/bundle.sigstore.json" \
    --trusted-root "$CASES/production_trusted_root.json" --certificate-identity "$IDENTITY" \
    --certificate-oidc-issuer https://token.actions.githubusercontent.com >/dev/null 2>&1 || code=$?
  [ "$code" -eq 1 ] || fail "$signet: another artifact gave exit $code, not 1"
}

# dotnet tool install signet: the pointer package sends this machine to the AOT package.
dotnet tool install --tool-path "$WORK/aot" signet --version "$VERSION" --configfile "$WORK/nuget.config" >/dev/null
installed="$(find "$WORK/aot/.store" -type f -name signet -path "*/signet.$RID/*" | head -n1)"
[ -n "$installed" ] || fail "the install has no signet.$RID executable: $(find "$WORK/aot/.store" -maxdepth 3)"
[ "$(head -c 4 "$installed" | od -An -c | tr -d ' ')" = "177ELF" ] || fail "$installed is not a native executable"
[ -z "$(find "$WORK/aot/.store" -name signet.dll)" ] || fail "the AOT install carries signet.dll"
check "$WORK/aot/signet"
echo "tool: dotnet tool install put the Native AOT signet.$RID in the tool path; it verifies"

# The fallback every other platform gets: the framework-dependent build, run by the .NET runtime.
dotnet tool install --tool-path "$WORK/any" signet.any --version "$VERSION" --configfile "$WORK/nuget.config" >/dev/null 2>"$WORK/any.err" \
  || fail "signet.any does not install on its own: $(cat "$WORK/any.err")"
check "$WORK/any/signet"
echo "tool: signet.any (framework-dependent) installs and verifies; done in $((SECONDS - start)) s"
