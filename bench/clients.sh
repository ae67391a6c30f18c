#!/usr/bin/env bash
# Fleet benchmark (issue 6): 1, 2, 4 and 8 client nodes back up at the same time to one receiver, each
# beside its own private MariaDB whose data directory holds <MB> MB of incompressible data; every round
# runs with the receiver's rate limits off and on. Prints aggregate and per-client MB/s.
# Per client: archive bytes / (Archiving + Transferring phases), the time its bytes were on their way.
# Aggregate: all archive bytes of the round / time from the receiver's first "Opening transfer" to its
# last "stored as" (process start-up and pre-flight excluded; wall time with them is printed too).
# Usage: bench/clients.sh [MB per client = 100] [rate-limit = 48MiB] [rate-limit-per-client = 16MiB]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin"
./scripts/ensure-mariadb.sh
MB="${1:-100}"; LIMIT="${2:-48MiB}"; PER_CLIENT="${3:-16MiB}"
COUNTS=(1 2 4 8); MAX=8
OUT="$PWD/bench/out/clients"; rm -rf "$OUT"; mkdir -p "$OUT"
PASSWORD="bench-$RANDOM$RANDOM"
# Eight servers on one machine: small buffer pool and redo log (the redo log is archived too).
INNODB_BUFFER_POOL=32M INNODB_LOG_FILE=16M
. ./scripts/private-mariadb.sh
AKKA_PORT=$(free_port); DATA_PORT=$(free_port)
dotnet build src/AkkaBackup.Node -c Release -nologo -v q -o "$OUT/bin" >/dev/null
AKKABACKUP=(dotnet "$OUT/bin/akkabackup.dll")
now() { date +%s.%N; }

echo "== $MAX private MariaDB servers with $MB MB of incompressible data each"
NODES=(); for i in $(seq 1 $MAX); do NODES+=(--node "client-$i"); done
"${AKKABACKUP[@]}" certs --out "$OUT/certs" --node receiver "${NODES[@]}" --password "$PASSWORD" >/dev/null
for i in $(seq 1 $MAX); do
  port=$(free_port)
  new_server "db$i" "$port"
  mkdir -p "$OUT/db$i-data/blobs"
  head -c "$((MB * 1000 * 1000))" /dev/urandom > "$OUT/db$i-data/blobs/random.bin"
  cat > "$OUT/client-$i.hocon" <<HOCON
akkabackup { role = client, node-name = client-$i, log-directory = "$OUT/logs-client-$i"
  tls { certificate = "$OUT/certs/client-$i.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  client { staging-directory = "$OUT/staging-$i", compression-level = 1, receiver { host = "127.0.0.1", port = $AKKA_PORT, name = receiver }
    instances.main { server = db$i, port = $port, user = backup, password = "$PASSWORD", data-directory = "$OUT/db$i-data"
      service { kind = command, stop-command = "sh $OUT/stop-db$i.sh", start-command = "sh $OUT/start-db$i.sh" } } } }
HOCON
done
ALLOWED=$(seq -f '"client-%g"' -s, 1 $MAX)

# run_round <clients> <off|on>: one receiver, <clients> backups started together; appends to results.tsv.
run_round() {
  local n=$1 mode=$2 limits="rate-limit = 0, rate-limit-per-client = 0"
  [ "$mode" = on ] && limits="rate-limit = $LIMIT, rate-limit-per-client = $PER_CLIENT"
  rm -rf "$OUT/store"
  cat > "$OUT/receiver.hocon" <<HOCON
akkabackup { role = receiver, node-name = receiver, log-directory = "$OUT/logs-receiver"
  tls { certificate = "$OUT/certs/receiver.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  receiver { store-directory = "$OUT/store", allowed-clients = [$ALLOWED], data-plane { hostname = "127.0.0.1", port = $DATA_PORT }
    limits { max-concurrent-transfers = $MAX, $limits } } }
akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = $AKKA_PORT }
HOCON
  "${AKKABACKUP[@]}" receiver --config "$OUT/receiver.hocon" > "$OUT/receiver-$n-$mode.out" 2>&1 &
  local receiver=$!
  for _ in $(seq 1 300); do grep -qs "node started" "$OUT/receiver-$n-$mode.out" && break; sleep 0.1; done
  local t0 pids=() i
  t0=$(now)
  for i in $(seq 1 "$n"); do
    "${AKKABACKUP[@]}" backup --config "$OUT/client-$i.hocon" --json > "$OUT/report-$n-$mode-$i.json" 2> "$OUT/backup-$n-$mode-$i.err" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || echo "   a backup failed: see $OUT/backup-$n-$mode-*.err" >&2; done
  local wall; wall=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
  kill "$receiver"; wait "$receiver" 2>/dev/null || true
  python3 - "$n" "$mode" "$wall" "$OUT" >> "$OUT/results.tsv" <<'PY'
import json, re, sys
n, mode, wall, out = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
def seconds(line):
    h, m, s = line[:12].split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
log = open(f"{out}/receiver-{n}-{mode}.out").read().splitlines()
opened = [seconds(l) for l in log if "Opening transfer" in l]
stored = [seconds(l) for l in log if re.search(r"Transfer \S+ stored as", l)]
window = max(stored) - min(opened)
rates, total = [], 0
for i in range(1, n + 1):
    r = json.load(open(f"{out}/report-{n}-{mode}-{i}.json"))
    assert r["succeeded"], r.get("error")
    ms = r["phaseMilliseconds"]
    seconds = (ms.get("Archiving", 0) + ms.get("Transferring", 0)) / 1000
    rates.append(r["archiveBytes"] / seconds / 1e6)
    total += r["archiveBytes"]
print(f"{n}\t{mode}\t{total / window / 1e6:.1f}\t{min(rates):.1f}\t{sum(rates) / n:.1f}\t{max(rates):.1f}\t{wall:.1f}")
PY
  tail -1 "$OUT/results.tsv" | awk -F'\t' '{ printf "   %s client(s), limits %-3s: aggregate %6s MB/s, per client min %s / mean %s / max %s MB/s (wall %s s)\n", $1, $2, $3, $4, $5, $6, $7 }'
}

printf 'clients\tlimits\taggregate_mb_s\tper_client_min\tper_client_mean\tper_client_max\twall_s\n' > "$OUT/results.tsv"
for n in "${COUNTS[@]}"; do
  for mode in off on; do
    echo "== $n client(s), rate limits $mode"
    run_round "$n" "$mode"
  done
done
for i in $(seq 1 $MAX); do kill "$(pid_of "db$i")" 2>/dev/null || true; done

echo
echo "rate limits when on: rate-limit = $LIMIT, rate-limit-per-client = $PER_CLIENT; $MB MB incompressible per client, compression-level 1"
echo "| clients | rate limits | aggregate MB/s | per-client MB/s min / mean / max |"
echo "|---|---|---|---|"
awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s / %s / %s |\n", $1, $2, $3, $4, $5, $6 }' "$OUT/results.tsv"
