#!/usr/bin/env bash
# The Native AOT signet (issue 22): publish it with warnings as errors (trim and AOT analysis included), run the 70
# conformance cases through it (tests/Signet.Conformance.Tests with SIGNET_CLI_BINARY), then serve → sign → verify
# with it (tests/aot/smoke.sh). Builds what it needs (the conformance test project in Release) itself.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
OUT="$ROOT/artifacts/aot"
start=$SECONDS
# -p:SignetAotTool=true turns PublishAot on inside Signet.Cli.csproj, as tool.sh's pack does. Given on the command line,
# PublishAot would reach every referenced project as a global property and change their generated build settings, so
# the pack compiled all of them and the native binary again (about 3 min of CI); with the same properties it reuses both.
dotnet publish src/Signet.Cli -c Release -r linux-x64 -p:SignetAotTool=true -o "$OUT" -nologo -v quiet -clp:ErrorsOnly
echo "aot: published $OUT/signet ($(du -m "$OUT/signet" | cut -f1) MB) in $((SECONDS - start)) s"
# The RID-specific tool packages (-p:SignetAotTool=true): packed (the AOT compile above is reused), installed, run.
# Before the conformance run: its build restores Signet.Cli without the AOT tool settings, after which the pack would
# restore, compile and link everything again.
"$ROOT/tests/aot/tool.sh"
SIGNET_CLI_BINARY="$OUT/signet" dotnet test tests/Signet.Conformance.Tests -c Release -nologo \
  --filter "FullyQualifiedName~ConformanceProcessTests"
echo "aot: conformance through $OUT/signet done at $((SECONDS - start)) s"
"$ROOT/tests/aot/smoke.sh" "$OUT/signet"
echo "aot: done in $((SECONDS - start)) s"
