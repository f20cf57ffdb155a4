#!/bin/bash
# Profiles the log server of each run of `Signet.LogLoad witnessed` (bench/README, "Witnesses and monitoring",
# session 19): for every run it finds the new `signet serve` process, waits DELAY seconds (into the timed window),
# then records PSECS seconds of `perf record -F 499 -g` and the server's /proc CPU (process and per thread) and tree
# size (GET /api/v1/log) before and after, into OUT. Run it from outside /work/wt through quiet.sh, e.g.
#   cd /tmp && OUT=/tmp/prof ROUNDS=3 WARM=18 SECS=8 DELAY=19 PSECS=6 POOL=220000 /work/wt/quiet.sh $PWD/profile-witnessed.sh
# then per run: perf report -i OUT/perf-N.data --no-children --sort dso --stdio -n -g none
# DOTNET_EnableWriteXorExecute=0: otherwise JIT-compiled code shows as "memfd:doublemapper" and the perf map is unused.
set -u
OUT=${OUT:-/tmp/signet-profile}
DLL=${DLL:-$(dirname "$(readlink -f "$0")")/../bin/Release/net10.0/Signet.LogLoad.dll}
ROUNDS=${ROUNDS:-1}
mkdir -p "$OUT"
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
nice -n -20 dotnet "$DLL" witnessed --rounds "$ROUNDS" --seconds "${SECS:-8}" --warmup "${WARM:-20}" --pool "${POOL:-180000}" > "$OUT/logload.txt" 2>&1 &
LL=$!
size() { curl -s "http://127.0.0.1:$1/api/v1/log" | python3 -c 'import json,sys;print(json.load(sys.stdin)["treeSize"])' 2>/dev/null || echo "?"; }
snapshot() { # $1 pid, $2 file suffix
  cat /proc/"$1"/task/*/stat > "$OUT/tasks-$2.txt" 2>/dev/null
  cat /proc/"$1"/stat > "$OUT/stat-$2.txt" 2>/dev/null
}
seen=""
for run in $(seq 1 $((ROUNDS * 2))); do
  pid=""
  while [ -z "$pid" ]; do
    sleep 0.2
    for p in $(pgrep -f "signet.dll serve --data-dir"); do
      case " $seen " in *" $p "*) ;; *) pid=$p;; esac
    done
    kill -0 $LL 2>/dev/null || { echo "the load tool exited"; exit 1; }
  done
  seen="$seen $pid"
  port=$(tr '\0' ' ' < /proc/"$pid"/cmdline | sed -E 's/.*--listen 127.0.0.1:([0-9]+).*/\1/')
  sleep "${DELAY:-16}"
  before=$(size "$port")
  snapshot "$pid" "$run-a"
  perf record -F 499 -g -p "$pid" -o "$OUT/perf-$run.data" -- sleep "${PSECS:-6}" 2> "$OUT/perf-$run.err"
  after=$(size "$port")
  snapshot "$pid" "$run-b"
  echo "run $run: server pid $pid, tree size $before -> $after" | tee -a "$OUT/sizes.txt"
done
wait $LL
echo "load tool exit code $?"
