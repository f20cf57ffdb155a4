# signet analyze --dynamic: the first process inside the bubblewrap sandbox. It runs as root of the sandbox's own user
# namespace (nobody outside) holding only CAP_NET_BIND_SERVICE and CAP_SETPCAP: enough to start the DNS stub on port 53,
# and then to drop every capability for good before the package's phase runs.
# Arguments: CPU-seconds DATA-bytes FILE-bytes NPROC PHASE-SCRIPT [ARGS...]
# CPU: SIGXCPU at the limit, SIGKILL a second later (the hard limit) for a process that ignores SIGXCPU.
cpu=$1; data=$2; fsize=$3; nproc=$4; shift 4
python3 /signet/dns-stub.py &
exec 3>&-
i=0
while [ ! -e /tmp/.dns-ready ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i+1)); done
if [ ! -e /tmp/.dns-ready ]; then
  echo "signet-sandbox: the DNS stub did not start" >&2
  exit 97
fi
limits="--cpu=$cpu:$((cpu+1)) --data=$data --fsize=$fsize --nofile=1024 --core=0"
if [ "$nproc" != "0" ]; then limits="$limits --nproc=$nproc"; fi
# shellcheck disable=SC2086
exec setpriv --bounding-set=-all --inh-caps=-all --ambient-caps=-all --no-new-privs -- prlimit $limits -- sh "$@"
