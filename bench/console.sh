#!/usr/bin/env bash
# Console benchmark (issue 4): how long an operator waits for `abk` against a running client node whose
# run log holds a year of history. A private MariaDB, a receiver and a long-running client node with
# a console endpoint; <runs> synthetic finished runs are written into the node's SQLite run log; then each
# command is timed <repeats> times end to end (a fresh `abk` process: .NET start, Akka.Remote TLS
# association, signed request, answer). Prints the median and max wall time of each command, and one real
# backup through the console with its downtime.
# Usage: bench/console.sh [runs in the log = 10000] [repeats = 5]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin"
./scripts/ensure-mariadb.sh
RUNS="${1:-10000}"; REPEATS="${2:-5}"
OUT="$PWD/bench/out/console"; rm -rf "$OUT"; mkdir -p "$OUT"
PASSWORD="bench-$RANDOM$RANDOM"
INNODB_BUFFER_POOL=64M INNODB_LOG_FILE=32M
. ./scripts/private-mariadb.sh
DB_PORT=$(free_port); AKKA_PORT=$(free_port); DATA_PORT=$(free_port); NODE_PORT=$(free_port)

echo "== building akkabackup and abk (Release)"
dotnet build src/AkkaBackup.Node -c Release -nologo -v q -o "$OUT/bin" >/dev/null
dotnet build src/AkkaBackup.Cmd -c Release -nologo -v q -o "$OUT/abk-bin" >/dev/null
AKKABACKUP=(dotnet "$OUT/bin/akkabackup.dll")
ABK=(dotnet "$OUT/abk-bin/abk.dll" --config "$OUT/abk.hocon" "127.0.0.1:$NODE_PORT")

echo "== private MariaDB, certificates, receiver and client node"
new_server db "$DB_PORT"
"${AKKABACKUP[@]}" certs --out "$OUT/certs" --node receiver --node client-1 --node console --password "$PASSWORD" >/dev/null
cat > "$OUT/receiver.hocon" <<HOCON
akkabackup { role = receiver, node-name = receiver, log-directory = "$OUT/logs-receiver"
  tls { certificate = "$OUT/certs/receiver.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  receiver { store-directory = "$OUT/store", allowed-clients = ["client-1"], data-plane { hostname = "127.0.0.1", port = $DATA_PORT } } }
akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = $AKKA_PORT }
HOCON
cat > "$OUT/client.hocon" <<HOCON
akkabackup { role = client, node-name = client-1, log-directory = "$OUT/logs-client"
  tls { certificate = "$OUT/certs/client-1.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  console.allowed = ["console"]
  client { staging-directory = "$OUT/staging", receiver { host = "127.0.0.1", port = $AKKA_PORT, name = receiver }
    instances.main { server = db1, port = $DB_PORT, user = backup, password = "$PASSWORD", data-directory = "$OUT/db-data"
      service { kind = command, stop-command = "sh $OUT/stop-db.sh", start-command = "sh $OUT/start-db.sh" } } } }
akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = $NODE_PORT }
HOCON
cat > "$OUT/abk.hocon" <<HOCON
akkabackup { node-name = console
  tls { certificate = "$OUT/certs/console.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" } }
HOCON

# The run log gets its history before the node starts (the node creates the store; a one-shot `pending list` does that).
"${AKKABACKUP[@]}" pending list --config "$OUT/client.hocon" >/dev/null 2>&1
python3 - "$OUT/staging/node-store.db" "$RUNS" <<'PY'
import json, random, sqlite3, sys, time
db, runs = sys.argv[1], int(sys.argv[2])
random.seed(4)
now = int(time.time() * 1000)
phases = json.dumps([{"Phase": p, "Ms": ms} for p, ms in
                     [("Preflight", 900), ("StoppingServer", 150), ("Archiving", 42000), ("Transferring", 300), ("StartingServer", 250), ("Verifying", 4000), ("Cleaning", 10)]])
rows = []
for i in range(runs):
    start = now - (i + 1) * 365 * 86_400_000 // runs
    failed = random.random() < 0.05
    instance = random.choice(["main", "db2", "db3", "db4", "db5"])
    rows.append((f"bench-{i:06d}", instance, start, start + 47_000, "failed" if failed else "succeeded", phases, 43_000,
                 4_400_000_000, 1_800_000_000, None if failed else "%064x" % random.getrandbits(256),
                 None if failed else f"db1/{instance}/x_{i}.zip",
                 "Access denied for user 'backup'@'127.0.0.1'" if failed else None, "at AkkaBackup..." if failed else None,
                 "Preflight" if failed else None, 10**11 if failed else None, 10**10 if failed else None, 1 if failed else None))
c = sqlite3.connect(db)
c.executemany("INSERT INTO run_log VALUES (" + ",".join("?" * 17) + ")", rows)
# Keep the year: the node prunes its run log to log-retention-days (default 90) when it starts.
c.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('log-retention-days', '400')")
c.commit()
print(f"   {runs} runs over 365 days written into {db}")
PY

"${AKKABACKUP[@]}" receiver --config "$OUT/receiver.hocon" > "$OUT/receiver.out" 2>&1 &
RECEIVER=$!
"${AKKABACKUP[@]}" client --config "$OUT/client.hocon" > "$OUT/client.out" 2>&1 &
CLIENT=$!
trap 'kill $CLIENT $RECEIVER 2>/dev/null; sh "$OUT/stop-db.sh" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do grep -qs "node started" "$OUT/client.out" && grep -qs "node started" "$OUT/receiver.out" && break; sleep 0.1; done

# time_command <label> <abk words...>: median and max of REPEATS runs, in seconds.
time_command() {
  local label=$1; shift
  local times=()
  for _ in $(seq 1 "$REPEATS"); do
    local t0 t1
    t0=$(date +%s.%N)
    "${ABK[@]}" "$@" > "$OUT/last.out" 2>&1 || { echo "   abk $* failed:"; cat "$OUT/last.out"; exit 1; }
    t1=$(date +%s.%N)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" '{ t[NR] = $1 } END { printf "  %-42s median %6.3f s  max %6.3f s\n", label, t[int((NR + 1) / 2)], t[NR] }'
}

echo "== abk against the client node ($RUNS runs in its log, $REPEATS times each)"
time_command "node status" node status
time_command "config instance list" config instance list
time_command "log list --limit 50" log list --limit 50
time_command "log search 'Access denied' --since 365d" log search "Access denied" --since 365d
time_command "report summary --since 30d" report summary --since 30d
time_command "report summary --since 365d" report summary --since 365d
time_command "report summary --since 365d --csv" report summary --since 365d --csv

echo "   (the summary covered $(tail -n +2 "$OUT/last.out" | awk -F, '{ n += $2 } END { print n }') runs)"

echo "== one real backup through the console (backup run --watch)"
t0=$(date +%s.%N)
"${ABK[@]}" backup run --instance main --watch > "$OUT/run.out" 2>&1
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "  backup run --watch: %.2f s wall\n", b - a }'
grep -E "downtime|stored and verified" "$OUT/run.out" | sed 's/^/  /'
