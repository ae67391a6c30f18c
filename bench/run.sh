#!/usr/bin/env bash
# Downtime benchmark: AkkaBackup vs. the naive script a sysadmin would write, on the same generated
# data directory, in the same run. Usage: bench/run.sh [size in GB ...]   (default: 1 4)
# Prints a table and the ratios; raw results go to bench/out/results.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin"
./scripts/ensure-mariadb.sh
SIZES=("$@"); [ $# -eq 0 ] && SIZES=(1 4)

ROOT="$PWD/bench/out"
rm -rf "$ROOT"; mkdir -p "$ROOT"
RESULTS="$ROOT/results.tsv"
printf 'size_gb\tdata_bytes\tours_downtime_s\tours_total_s\tours_archive_bytes\tours_mb_s\tclient_peak_rss_mb\treceiver_peak_rss_mb\tnaive_downtime_s\tnaive_zip_bytes\n' > "$RESULTS"
dotnet build src/AkkaBackup.Node -c Release -nologo -v q -o "$ROOT/bin" >/dev/null
AKKABACKUP=(dotnet "$ROOT/bin/akkabackup.dll")

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
peak_rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

# Fills the server with about <bytes> of InnoDB data whose rows compress like real data (2-3x).
grow() {
  local name=$1 bytes=$2 rows_per_batch=200000
  sql "$name" <<SQL
CREATE DATABASE IF NOT EXISTS bench;
CREATE TABLE IF NOT EXISTS bench.events (id BIGINT PRIMARY KEY AUTO_INCREMENT, at DATETIME, kind INT, amount DECIMAL(12,2), who VARCHAR(64), payload VARCHAR(600)) ENGINE=InnoDB;
SQL
  while :; do
    local size
    size=$(du -sb "$OUT/$name-data" | cut -f1)
    [ "$size" -ge "$bytes" ] && break
    sql "$name" <<SQL
USE bench;
INSERT INTO bench.events (at, kind, amount, who, payload)
SELECT '2026-01-01' + INTERVAL seq SECOND, seq % 17, (seq * 7919) % 1000000 / 100,
       CONCAT('user-', seq % 5000, '@example.org'),
       CONCAT_WS(' ', 'order', seq, 'status', ELT(1 + seq % 4, 'new', 'paid', 'shipped', 'returned'), MD5(seq), SHA1(seq % 1000), REPEAT(CHAR(65 + seq % 26), 40 + seq % 80), MD5(RAND()))
FROM seq_1_to_$rows_per_batch;
SQL
  done
}

for gb in "${SIZES[@]}"; do
  OUT="$ROOT/$gb"; mkdir -p "$OUT"
  PASSWORD="bench-$RANDOM$RANDOM"
  # shellcheck source=../scripts/private-mariadb.sh
  . ./scripts/private-mariadb.sh
  DB_PORT=$(free_port); AKKA_PORT=$(free_port); DATA_PORT=$(free_port); TLS_PORT=$(free_port)
  echo "== $gb GB: generating data"
  new_server db "$DB_PORT"
  grow db $((gb * 1000 * 1000 * 1000))
  DATA_BYTES=$(du -sb "$OUT/db-data" | cut -f1)

  "${AKKABACKUP[@]}" certs --out "$OUT/certs" --node receiver --node bench-client --password "$PASSWORD" >/dev/null
  cat > "$OUT/receiver.hocon" <<HOCON
akkabackup { role = receiver, node-name = receiver, log-directory = "$OUT/logs"
  tls { certificate = "$OUT/certs/receiver.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  receiver { store-directory = "$OUT/store", allowed-clients = ["bench-client"], data-plane { hostname = "127.0.0.1", port = $DATA_PORT } } }
akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = $AKKA_PORT }
HOCON
  cat > "$OUT/client.hocon" <<HOCON
akkabackup { role = client, node-name = bench-client, log-directory = "$OUT/logs"
  tls { certificate = "$OUT/certs/bench-client.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  client { staging-directory = "$OUT/staging", receiver { host = "127.0.0.1", port = $AKKA_PORT, name = receiver }
    instances.main { server = bench, port = $DB_PORT, user = backup, password = "$PASSWORD", data-directory = "$OUT/db-data"
      service { kind = command, stop-command = "sh $OUT/stop-db.sh", start-command = "sh $OUT/start-db.sh" } } } }
HOCON

  echo "== $gb GB: AkkaBackup"
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  "${AKKABACKUP[@]}" receiver --config "$OUT/receiver.hocon" > "$OUT/receiver.out" 2>&1 &
  RECEIVER=$!
  for _ in $(seq 1 300); do grep -q "node started" "$OUT/receiver.out" && break; sleep 0.2; done
  "${AKKABACKUP[@]}" backup --config "$OUT/client.hocon" --json > "$OUT/ours.json"
  RECEIVER_RSS=$(peak_rss_mb "$RECEIVER")
  kill "$RECEIVER"; wait "$RECEIVER" 2>/dev/null || true
  json() { sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p" "$OUT/ours.json" | head -1; }
  OURS_DOWN=$(json downtimeSeconds); OURS_TOTAL=$(json durationSeconds); OURS_ARCHIVE=$(json archiveBytes)
  CLIENT_RSS=$(awk -v b="$(json peakWorkingSetBytes)" 'BEGIN { printf "%.0f", b / 1048576 }')
  OURS_MBS=$(awk -v d="$DATA_BYTES" -v t="$OURS_TOTAL" 'BEGIN { printf "%.0f", d / t / 1e6 }')

  echo "== $gb GB: naive script (mariadb-admin shutdown; zip -1 -r; copy over TLS; start; wait for SELECT 1)"
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$OUT/naive.key" -out "$OUT/naive.crt" -days 1 -subj /CN=naive 2>/dev/null
  openssl s_server -quiet -naccept 1 -accept "$TLS_PORT" -cert "$OUT/naive.crt" -key "$OUT/naive.key" > "$OUT/naive-received.zip" 2>/dev/null &
  SERVER=$!
  sleep 0.5
  T0=$(now)
  mariadb-admin --socket="$OUT/db.sock" -uroot shutdown
  (cd "$OUT" && zip -1 -r -q "$OUT/naive-Data.zip" db-data)
  openssl s_client -quiet -no_ign_eof -connect "127.0.0.1:$TLS_PORT" < "$OUT/naive-Data.zip" >/dev/null 2>&1 || true
  wait "$SERVER" 2>/dev/null || true
  start_server db
  wait_for "$DB_PORT"
  NAIVE_DOWN=$(seconds "$T0" "$(now)")
  NAIVE_ZIP=$(stat -c %s "$OUT/naive-Data.zip")
  [ "$(stat -c %s "$OUT/naive-received.zip")" -eq "$NAIVE_ZIP" ] || echo "warning: the naive copy is incomplete" >&2

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$gb" "$DATA_BYTES" "$OURS_DOWN" "$OURS_TOTAL" "$OURS_ARCHIVE" "$OURS_MBS" "$CLIENT_RSS" "$RECEIVER_RSS" "$NAIVE_DOWN" "$NAIVE_ZIP" >> "$RESULTS"
  kill "$(pid_of db)" 2>/dev/null || true
  rm -rf "$OUT/db-data" "$OUT/store" "$OUT/naive-Data.zip" "$OUT/naive-received.zip"
done

echo
awk -F'\t' 'NR == 1 { next } {
  printf "%-4s GB  data %6.0f MB | ours: downtime %7.2f s, total %7.2f s, %4s MB/s, archive %6.0f MB, peak RSS client %s MB / receiver %s MB\n", $1, $2/1e6, $3, $4, $6, $5/1e6, $7, $8
  printf "          naive: downtime %7.2f s, zip -1 %6.0f MB | downtime ratio ours/naive %.2f (goal <= 0.80), archive ratio ours/zip-1 %.2f (goal <= 1.10)\n", $9, $10/1e6, $3/$9, $5/$10
}' "$RESULTS"
