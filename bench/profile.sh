#!/usr/bin/env bash
# Where the time of a cold backup goes (issue 13): one `akkabackup backup --json` of a generated data
# directory of about <GB> GB (InnoDB rows, as bench/run.sh makes them), with `perf record` sampling every
# CPU of the machine at 499 Hz through the run (the .NET nodes write perf maps, so JIT-compiled frames
# have names). Prints the run's phases and downtime, then the CPU time of the run split by process and
# thread, by library and by the hottest symbols, in seconds of one core.
# Usage: sudo bench/profile.sh [GB]   (default 4)
# The data directory is kept in bench/out-profile/<GB> and reused by the next run of the same size
# (delete the folder to regenerate it); perf.data and the reports stay in bench/out-profile/<GB>/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin"
GB=${1:-4}
command -v perf >/dev/null || { echo "bench/profile.sh needs perf (apt-get install -y linux-perf)" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "bench/profile.sh samples every CPU: run it as root" >&2; exit 2; }
./scripts/ensure-mariadb.sh

ROOT="$PWD/bench/out-profile"
OUT="$ROOT/$GB"
mkdir -p "$OUT"
# shellcheck source=../scripts/private-mariadb.sh
. ./scripts/private-mariadb.sh
# shellcheck source=lib.sh
. ./bench/lib.sh
cleanup() { kill_started "$OUT"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
build_akkabackup "$ROOT/bin"

if [ -f "$OUT/ready" ]; then
  echo "== $GB GB: reusing the data directory in $OUT"
  PASSWORD=$(cat "$OUT/password")
  DB_PORT=$(sed -n 's/^port=//p' "$OUT/db.cnf")
  start_server db; wait_for "$DB_PORT"
else
  rm -rf "${OUT:?}"/*
  PASSWORD="bench-$RANDOM$RANDOM"; echo "$PASSWORD" > "$OUT/password"
  DB_PORT=$(free_port)
  echo "== $GB GB: generating data in $OUT"
  new_server db "$DB_PORT"
  grow db $((GB * 1000 * 1000 * 1000))
  touch "$OUT/ready"
fi
rm -rf "$OUT/store" "$OUT/staging" "$OUT/logs" "$OUT/certs"
ours_setup db "$DB_PORT" "sh $OUT/start-db.sh"
DATA_BYTES=$(du -sb "$OUT/db-data" | cut -f1)

# Perf maps name the JIT-compiled frames; W^X off, or they sit in an anonymous double mapping perf cannot name.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
drop_caches
# The nodes' pids, to tell their samples apart (both are "dotnet akkabackup.dll"); looked up until both are found.
: > "$OUT/pids"
( for _ in $(seq 1 600); do
    for role in receiver backup; do
      grep -q " $role\$" "$OUT/pids" || { pgrep -f "$ROOT/bin/akkabackup.dll $role" || true; } | sed "s/\$/ $role/" >> "$OUT/pids"
    done
    [ "$(wc -l < "$OUT/pids")" -ge 2 ] && break
    sleep 0.2
  done ) &
WATCHER=$!
perf record -a -F 499 -o "$OUT/perf.data" -- sleep 100000 2> "$OUT/perf.err" &
PERF=$!
sleep 1
ours_backup
kill -INT "$PERF"; wait "$PERF" || true
kill "$WATCHER" 2>/dev/null || true
stop_server db
load1() { cut -d' ' -f1 /proc/loadavg; }
phases() { python3 -c 'import json, sys; print(",".join(f"{k}={v}" for k, v in json.load(open(sys.argv[1])).get("phaseMilliseconds", {}).items()))' "$1"; }

echo "== $GB GB ($DATA_BYTES bytes): downtime ${OURS_DOWN} s, total ${OURS_TOTAL} s, archive ${OURS_ARCHIVE} bytes, load $(load1)"
echo "phases: $(phases "$OUT/ours.json")"
echo "peak RSS client / receiver: $CLIENT_RSS / $RECEIVER_RSS MB"
# Samples are at 499 Hz per CPU: seconds of one core = samples / 499.
sort -u "$OUT/pids" -o "$OUT/pids" 2>/dev/null || true
perf script -i "$OUT/perf.data" -F pid,tid,comm,ip,sym,dso 2>/dev/null > "$OUT/perf.script"
python3 bench/profile-report.py "$OUT/perf.script" "$OUT/pids" 499 | tee "$OUT/profile.txt"
