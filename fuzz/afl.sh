#!/usr/bin/env bash
# Coverage-guided fuzzing of Signet's parsers with afl++ (Debian's afl-fuzz) and SharpFuzz.
#   fuzz/afl.sh [--seconds N] [TARGET...]     (default: every target of `Signet.Fuzz list`, 600 s each)
# Builds fuzz/Signet.Fuzz into fuzz/out/bin, instruments Signet's assemblies there with the SharpFuzz.CommandLine tool
# (installed into fuzz/out/tool from NuGet when missing), runs afl-fuzz per target with the seeds of fuzz/seeds/TARGET,
# and prints per target the executions and the crashes found. Exit 1 when any target crashed or hung.
# A crash input is kept in fuzz/out/TARGET/default/crashes/; replay it with `dotnet fuzz/out/bin/Signet.Fuzz.dll repro TARGET FILE`.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/fuzz/out"
SECONDS_PER_TARGET=600
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_TARGET="$2"; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz is missing (apt-get install afl++)"; exit 2; }
SHARPFUZZ="$OUT/tool/sharpfuzz"
if [ ! -x "$SHARPFUZZ" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$OUT/tool" >/dev/null || { echo "fuzz: cannot install SharpFuzz.CommandLine"; exit 2; }
fi
rm -rf "$OUT/bin"
dotnet build "$ROOT/fuzz/Signet.Fuzz/Signet.Fuzz.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly -o "$OUT/bin" >/dev/null || { echo "fuzz: build failed"; exit 2; }
# Instrument Signet's own assemblies (never the harness, SharpFuzz or the runtime's).
for dll in "$OUT"/bin/Signet.*.dll; do
  case "$(basename "$dll")" in Signet.Fuzz.dll) continue ;; esac
  "$SHARPFUZZ" "$dll" >/dev/null || { echo "fuzz: cannot instrument $dll"; exit 2; }
done
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(dotnet "$OUT/bin/Signet.Fuzz.dll" list)
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_QUIET=1
failed=0
for t in "${targets[@]}"; do
  rm -rf "$OUT/$t"
  timeout $((SECONDS_PER_TARGET + 120)) afl-fuzz -i "$ROOT/fuzz/seeds/$t" -o "$OUT/$t" -t 5000 -m none -V "$SECONDS_PER_TARGET" \
    -- dotnet "$OUT/bin/Signet.Fuzz.dll" afl "$t" >"$OUT/$t.log" 2>&1
  stats="$OUT/$t/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "fuzz $t: afl-fuzz did not start (see $OUT/$t.log)"; tail -5 "$OUT/$t.log"; failed=1; continue
  fi
  execs=$(sed -n 's/^execs_done *: *//p' "$stats")
  crashes=$(sed -n 's/^saved_crashes *: *//p' "$stats")
  hangs=$(sed -n 's/^saved_hangs *: *//p' "$stats")
  paths=$(sed -n 's/^corpus_count *: *//p' "$stats")
  echo "fuzz $t: $execs execs, $paths corpus entries, $crashes crashes, $hangs hangs"
  if [ "${crashes:-1}" != 0 ] || [ "${hangs:-1}" != 0 ]; then
    failed=1
    for f in "$OUT/$t"/default/crashes/id* "$OUT/$t"/default/hangs/id*; do
      [ -f "$f" ] && dotnet "$OUT/bin/Signet.Fuzz.dll" repro "$t" "$f" | head -3
    done
  fi
done
exit $failed
