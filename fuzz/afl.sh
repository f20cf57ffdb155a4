#!/usr/bin/env bash
# Coverage-guided fuzzing of Signet's parsers with afl++ (Debian's afl-fuzz 4.x) and SharpFuzz's instrumentation.
#   fuzz/afl.sh [--cpu-seconds N] [--bin DIR] [--out DIR] [--no-build | --from BUILD_DIR] [TARGET...]
#     (default: every target of `Signet.Fuzz list`, 600 CPU seconds each, one target at a time)
# Builds fuzz/Signet.Fuzz (bin/Release, left uninstrumented for `repro`), copies it to DIR (default fuzz/out/bin) and
# instruments Signet's assemblies there with the SharpFuzz.CommandLine tool (installed into fuzz/out/tool from NuGet
# when missing), then runs afl-fuzz per target from the seeds of fuzz/seeds/TARGET and the past findings of fuzz/regressions/TARGET until the target has used N seconds
# of CPU time: afl-fuzz's own plus the harness process's (utime+stime from /proc, children included), not wall time.
# Prints per target the CPU seconds, executions, corpus entries, edges, crashes and hangs, and appends them as a
# tab-separated line to OUT/summary.tsv. Exit 1 when any target crashed or hung.
# --from runs a copy of an earlier uninstrumented build (so a long run is not disturbed by rebuilding the harness).
# A crash input is kept in OUT/TARGET/default/crashes/; replay it (uninstrumented) with
#   dotnet fuzz/Signet.Fuzz/bin/Release/net10.0/Signet.Fuzz.dll repro TARGET FILE
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/fuzz/out"
BIN="$OUT/bin"
CPU_SECONDS=600
BUILD=1
PLAIN="$ROOT/fuzz/Signet.Fuzz/bin/Release/net10.0"
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu-seconds) CPU_SECONDS="$2"; shift 2 ;;
    --bin) BIN="$(realpath -m "$2")"; shift 2 ;;
    --out) OUT="$(realpath -m "$2")"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --from) PLAIN="$(realpath -m "$2")"; BUILD=0; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
mkdir -p "$OUT"
command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz is missing (apt-get install afl++)"; exit 2; }
TOOL="$ROOT/fuzz/out/tool/sharpfuzz"
if [ ! -x "$TOOL" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$ROOT/fuzz/out/tool" >/dev/null \
    || { echo "fuzz: cannot install SharpFuzz.CommandLine"; exit 2; }
fi
[ "$BUILD" = 0 ] || dotnet build "$ROOT/fuzz/Signet.Fuzz/Signet.Fuzz.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null \
  || { echo "fuzz: build failed"; exit 2; }
rm -rf "$BIN" && cp -r "$PLAIN" "$BIN"
# Instrument Signet's own assemblies (never the harness, SharpFuzz or the runtime's). Instrumented code must not run
# before SharpFuzz's Fuzzer.Run has set up the coverage map, so the harness touches no Signet code at start-up.
for dll in "$BIN"/Signet.*.dll; do
  case "$(basename "$dll")" in Signet.Fuzz.dll) continue ;; esac
  "$TOOL" "$dll" >/dev/null || { echo "fuzz: cannot instrument $dll"; exit 2; }
done
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(dotnet "$PLAIN/Signet.Fuzz.dll" list)

TICKS=$(getconf CLK_TCK)
# CPU ticks of a process: its own (utime+stime) and, with $2 = all, those of its reaped children (cutime+cstime).
ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  set -- ${stat##*) }   # fields from 3 on: utime is the 12th of these, stime 13th, cutime 14th, cstime 15th
  echo $(( ${12} + ${13} + ${14} + ${15} ))
}
own_ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  set -- ${stat##*) }
  echo $(( ${12} + ${13} ))
}
# Ticks of every live descendant of $1 (the harness process; afl-fuzz restarts it after a crash or hang).
descendant_ticks() {
  local sum=0 child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    sum=$(( sum + $(ticks "$child") + $(descendant_ticks "$child") ))
  done
  echo "$sum"
}
stat_of() { sed -n "s/^$1 *: *//p" "$2"; }

export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
[ -f "$OUT/summary.tsv" ] || printf 'target\tcpu_s\tharness_cpu_s\twall_s\texecs\tcorpus\tedges\tcrashes\thangs\n' >"$OUT/summary.tsv"
failed=0
for t in "${targets[@]}"; do
  rm -rf "${OUT:?}/$t" "$OUT/$t.in"
  # The corpus to start from: the target's seeds and its past findings (fuzz/regressions/TARGET).
  mkdir -p "$OUT/$t.in" && cp "$ROOT/fuzz/seeds/$t"/* "$OUT/$t.in"/
  [ -d "$ROOT/fuzz/regressions/$t" ] && cp "$ROOT/fuzz/regressions/$t"/* "$OUT/$t.in"/
  started=$(date +%s)
  afl-fuzz -i "$OUT/$t.in" -o "$OUT/$t" -t 5000 -m none -- dotnet "$BIN/Signet.Fuzz.dll" afl "$t" >"$OUT/$t.log" 2>&1 &
  afl=$!
  total=0; harness=0
  while kill -0 "$afl" 2>/dev/null; do
    sleep 5
    own=$(own_ticks "$afl")
    all=$(( $(ticks "$afl") + $(descendant_ticks "$afl") ))
    [ "$all" -gt 0 ] && total=$all && harness=$(( all - own ))
    if [ $(( total / TICKS )) -ge "$CPU_SECONDS" ]; then
      kill -INT "$afl" 2>/dev/null   # afl-fuzz writes its final statistics on SIGINT
      break
    fi
  done
  wait "$afl" 2>/dev/null
  stats="$OUT/$t/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "fuzz $t: afl-fuzz did not start (see $OUT/$t.log)"; tail -5 "$OUT/$t.log"; failed=1; continue
  fi
  wall=$(( $(date +%s) - started ))
  execs=$(stat_of execs_done "$stats"); corpus=$(stat_of corpus_count "$stats"); edges=$(stat_of edges_found "$stats")
  crashes=$(stat_of saved_crashes "$stats"); hangs=$(stat_of saved_hangs "$stats")
  cpu=$(( total / TICKS )); hcpu=$(( harness / TICKS ))
  echo "fuzz $t: ${cpu} CPU s (harness ${hcpu} s, wall ${wall} s), $execs execs, $corpus corpus entries, $edges edges, $crashes crashes, $hangs hangs"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$cpu" "$hcpu" "$wall" "$execs" "$corpus" "$edges" "$crashes" "$hangs" >>"$OUT/summary.tsv"
  if [ "${crashes:-1}" != 0 ] || [ "${hangs:-1}" != 0 ]; then
    failed=1
    for f in "$OUT/$t"/default/crashes/id* "$OUT/$t"/default/hangs/id*; do
      [ -f "$f" ] && timeout 60 dotnet "$PLAIN/Signet.Fuzz.dll" repro "$t" "$f" | head -3
    done
  fi
done
exit $failed
