#!/usr/bin/env bash
# Downtime benchmark: AkkaBackup against the scripts a sysadmin would write, on the same generated
# data directory, in the same run. Usage: bench/run.sh [size in GB ...]   (default: 1 4)
# Baselines, each a full stop -> archive/stream over TLS -> start -> SELECT 1 answers:
#   naive  mariadb-admin shutdown; zip -1 -r; copy the zip over TLS
#   pigz   mariadb-admin shutdown; tar | pigz -1 -p2 streamed over TLS
#   zstd   mariadb-admin shutdown; tar | zstd -1 -T2 streamed over TLS
# The TLS copies are socat with OpenSSL on both ends, to a file on the receiving side; the bytes sent are
# counted and compared with the file received (an incomplete copy stops the benchmark).
# Prints a table and the ratios; raw results go to bench/out/results.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin"
./scripts/ensure-mariadb.sh
for tool in socat pigz zstd zip tar openssl; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (apt-get install -y socat pigz zstd zip)" >&2; exit 2; }
done
SIZES=("$@"); [ $# -eq 0 ] && SIZES=(1 4)

ROOT="$PWD/bench/out"
rm -rf "$ROOT"; mkdir -p "$ROOT"
RESULTS="$ROOT/results.tsv"
printf 'size_gb\tdata_bytes\tours_downtime_s\tours_total_s\tours_archive_bytes\tours_mb_s\tclient_peak_rss_mb\tclient_hwm_mb\treceiver_peak_rss_mb\treceiver_hwm_mb\tnaive_downtime_s\tnaive_zip_bytes\tpigz_downtime_s\tpigz_bytes\tzstd_downtime_s\tzstd_bytes\n' > "$RESULTS"
# shellcheck source=../scripts/private-mariadb.sh
. ./scripts/private-mariadb.sh
# shellcheck source=lib.sh
. ./bench/lib.sh
trap 'kill_started "$ROOT"/*/' EXIT
trap 'exit 130' INT TERM
build_akkabackup "$ROOT/bin"

# The three ways to produce the archive, on stdout, from the stopped $OUT/db-data.
produce_naive() { (cd "$OUT" && zip -1 -r -q naive-Data.zip db-data) && cat "$OUT/naive-Data.zip"; }
produce_pigz() { tar -C "$OUT" -cf - db-data | pigz -1 -p2; }
produce_zstd() { tar -C "$OUT" -cf - db-data | zstd -1 -T2 -q; }

# baseline <name>: stop the server with mariadb-admin, send produce_<name>'s output over TLS (socat and
# OpenSSL on both ends) to a file, start the server once the file is complete, wait for SELECT 1.
# Sets BASE_DOWN (s) and BASE_BYTES (the archive's size, as sent and as received).
baseline() {
  local name=$1 port listener t0 sent received
  port=$(free_port)
  [ -f "$OUT/tls.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes -keyout "$OUT/tls.key" -out "$OUT/tls.pem" -days 1 -subj /CN=bench 2>/dev/null
  socat -b 262144 -u "OPENSSL-LISTEN:$port,bind=127.0.0.1,reuseaddr,cert=$OUT/tls.pem,key=$OUT/tls.key,verify=0" "CREATE:$OUT/$name-received" &
  listener=$!
  for _ in $(seq 1 100); do ss -ltn "sport = :$port" | grep -q LISTEN && break; sleep 0.05; done
  drop_caches
  t0=$(now)
  mariadb-admin --socket="$OUT/db.sock" -uroot shutdown
  # dd counts the bytes sent (its last stderr line: "<n> bytes ... copied").
  "produce_$name" | dd bs=1M 2> "$OUT/$name-sent.log" | socat -b 262144 -u - "OPENSSL:127.0.0.1:$port,verify=0"
  wait "$listener"
  start_server db
  wait_for "$DB_PORT"
  BASE_DOWN=$(seconds "$t0" "$(now)")
  sent=$(sed -n 's/^\([0-9]*\) bytes.*/\1/p' "$OUT/$name-sent.log")
  received=$(stat -c %s "$OUT/$name-received")
  if [ "$sent" != "$received" ]; then
    echo "ERROR: the $name copy over TLS is INCOMPLETE: $sent bytes sent, $received received" >&2; exit 1
  fi
  BASE_BYTES=$received
  rm -f "$OUT/$name-received" "$OUT/naive-Data.zip"
}

for gb in "${SIZES[@]}"; do
  OUT="$ROOT/$gb"; mkdir -p "$OUT"
  PASSWORD="bench-$RANDOM$RANDOM"
  DB_PORT=$(free_port)
  echo "== $gb GB: generating data"
  new_server db "$DB_PORT"
  grow db $((gb * 1000 * 1000 * 1000))
  DATA_BYTES=$(du -sb "$OUT/db-data" | cut -f1)
  ours_setup db "$DB_PORT" "sh $OUT/start-db.sh"

  echo "== $gb GB: AkkaBackup"
  drop_caches
  ours_backup
  OURS_MBS=$(awk -v d="$DATA_BYTES" -v t="$OURS_TOTAL" 'BEGIN { printf "%.0f", d / t / 1e6 }')
  rm -rf "$OUT/store"

  echo "== $gb GB: naive script (mariadb-admin shutdown; zip -1 -r; copy over TLS; start; wait for SELECT 1)"
  baseline naive; NAIVE_DOWN=$BASE_DOWN; NAIVE_ZIP=$BASE_BYTES
  echo "== $gb GB: tar | pigz -1 -p2 over TLS"
  baseline pigz; PIGZ_DOWN=$BASE_DOWN; PIGZ_BYTES=$BASE_BYTES
  echo "== $gb GB: tar | zstd -1 -T2 over TLS"
  baseline zstd; ZSTD_DOWN=$BASE_DOWN; ZSTD_BYTES=$BASE_BYTES

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$gb" "$DATA_BYTES" "$OURS_DOWN" "$OURS_TOTAL" "$OURS_ARCHIVE" "$OURS_MBS" "$CLIENT_RSS" "$CLIENT_HWM" "$RECEIVER_RSS" "$RECEIVER_HWM" \
    "$NAIVE_DOWN" "$NAIVE_ZIP" "$PIGZ_DOWN" "$PIGZ_BYTES" "$ZSTD_DOWN" "$ZSTD_BYTES" >> "$RESULTS"
  stop_server db
  rm -rf "$OUT/db-data"
done

echo
awk -F'\t' 'NR == 1 { next } {
  printf "%-4s GB  data %6.0f MB | ours: downtime %7.2f s, total %7.2f s, %4s MB/s, archive %6.0f MB, peak RSS sampled (VmHWM) client %s (%s) MB / receiver %s (%s) MB\n", $1, $2/1e6, $3, $4, $6, $5/1e6, $7, $8, $9, $10
  printf "          %-22s downtime %7.2f s, archive %6.0f MB | ours/it: downtime %.2f, archive %.2f\n", "naive (zip -1):", $11, $12/1e6, $3/$11, $5/$12
  printf "          %-22s downtime %7.2f s, archive %6.0f MB | ours/it: downtime %.2f, archive %.2f\n", "tar | pigz -1 -p2:", $13, $14/1e6, $3/$13, $5/$14
  printf "          %-22s downtime %7.2f s, archive %6.0f MB | ours/it: downtime %.2f, archive %.2f\n", "tar | zstd -1 -T2:", $15, $16/1e6, $3/$15, $5/$16
  printf "          goals: downtime ours/naive <= 0.45 (moonshot 0.35), archive ours/zip-1 <= 0.95\n"
}' "$RESULTS"
