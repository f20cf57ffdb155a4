#!/usr/bin/env bash
# Runs every test of the solution (Release build) and prints one closing line "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
RESULTS="$ROOT/TestResults"
rm -rf "$RESULTS"
dotnet build Signet.slnx -c Release -nologo -v quiet -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }
dotnet test Signet.slnx -c Release --no-build -nologo --logger "trx" --results-directory "$RESULTS" "$@" 2>&1 | tee "$RESULTS.log"
status=${PIPESTATUS[0]}
passed=0; failed=0; skipped=0
while read -r p f s; do passed=$((passed+p)); failed=$((failed+f)); skipped=$((skipped+s)); done < <(
  sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\).*/\2 \1 \3/p' "$RESULTS.log")
rm -f "$RESULTS.log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$passed" -eq 0 ]; then echo "no test ran"; failed=$((failed+1)); fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
