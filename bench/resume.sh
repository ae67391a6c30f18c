#!/usr/bin/env bash
# Resume benchmark (issue 3): a transfer of about <GB> GB (incompressible, so the archive is that big)
# is interrupted <N> times by kill -9 of the receiver, which is restarted each time. Reports the bytes
# re-sent per interruption and the time from each receiver restart to the first new chunk stored.
# Usage: bench/resume.sh [GB=4] [interruptions=5] [verify=sample|all]   (the receiver's resume.verify)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin"
./scripts/ensure-mariadb.sh
GB="${1:-4}"; N="${2:-5}"; VERIFY="${3:-sample}"
OUT="$PWD/bench/out/resume"; rm -rf "$OUT"; mkdir -p "$OUT"
PASSWORD="bench-$RANDOM$RANDOM"
. ./scripts/private-mariadb.sh
DB_PORT=$(free_port); AKKA_PORT=$(free_port); DATA_PORT=$(free_port)
dotnet build src/AkkaBackup.Node -c Release -nologo -v q -o "$OUT/bin" >/dev/null
AKKABACKUP=(dotnet "$OUT/bin/akkabackup.dll")

echo "== private MariaDB with a ${GB} GB incompressible file in its data directory"
new_server db "$DB_PORT"
mkdir -p "$OUT/db-data/blobs"
head -c "$((GB * 1000 * 1000 * 1000))" /dev/urandom > "$OUT/db-data/blobs/random.bin"
"${AKKABACKUP[@]}" certs --out "$OUT/certs" --node receiver --node bench-client --password "$PASSWORD" >/dev/null
cat > "$OUT/receiver.hocon" <<HOCON
akkabackup { role = receiver, node-name = receiver, log-directory = "$OUT/logs"
  tls { certificate = "$OUT/certs/receiver.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  receiver { store-directory = "$OUT/store", allowed-clients = ["bench-client"], resume.verify = $VERIFY, data-plane { hostname = "127.0.0.1", port = $DATA_PORT } } }
akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = $AKKA_PORT }
HOCON
cat > "$OUT/client.hocon" <<HOCON
akkabackup { role = client, node-name = bench-client, log-directory = "$OUT/logs"
  tls { certificate = "$OUT/certs/bench-client.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  client { staging-directory = "$OUT/staging", compression-level = 1, receiver { host = "127.0.0.1", port = $AKKA_PORT, name = receiver }
    retry { initial = 200ms, max = 2s }
    instances.main { server = bench, port = $DB_PORT, user = backup, password = "$PASSWORD", data-directory = "$OUT/db-data"
      service { kind = command, stop-command = "sh $OUT/stop-db.sh", start-command = "sh $OUT/start-db.sh" } } } }
HOCON

start_receiver() {
  "${AKKABACKUP[@]}" receiver --config "$OUT/receiver.hocon" > "$OUT/receiver.out" 2>&1 &
  RECEIVER=$!
  for _ in $(seq 1 300); do grep -q "node started" "$OUT/receiver.out" && break; sleep 0.1; done
}
part_size() { stat -c %s "$OUT"/store/.partial/*.part 2>/dev/null | head -1 || echo 0; }
now() { date +%s.%N; }

start_receiver
"${AKKABACKUP[@]}" backup --config "$OUT/client.hocon" --json > "$OUT/report.json" 2> "$OUT/backup.err" &
BACKUP=$!
TOTAL=$((GB * 1000 * 1000 * 1000))
printf 'interruption\tpart_bytes_at_kill\tresume_seconds\n' > "$OUT/interruptions.tsv"
for i in $(seq 1 "$N"); do
  target=$((TOTAL * i / (N + 1)))
  until [ "$(part_size)" -ge "$target" ]; do sleep 0.05; kill -0 "$BACKUP" 2>/dev/null || break 2; done
  at_kill=$(part_size)
  kill -9 "$RECEIVER"; wait "$RECEIVER" 2>/dev/null || true
  # A 100 GB partial is not in the page cache when a receiver host comes back: drop it, so that re-reading
  # the partial file costs here what it would cost there.
  sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
  sleep 1
  started=$(now); start_receiver
  # Time to resume: until the .part file grows past what it held at the kill (a new chunk is stored).
  until [ "$(part_size)" -gt "$at_kill" ]; do sleep 0.02; done
  resumed=$(now)
  printf '%s\t%s\t%s\n' "$i" "$at_kill" "$(awk -v a="$started" -v b="$resumed" 'BEGIN { printf "%.2f", b - a }')" >> "$OUT/interruptions.tsv"
  echo "   interruption $i at $((at_kill / 1000000)) MB: resumed $(tail -1 "$OUT/interruptions.tsv" | cut -f3) s after the receiver restart"
done
wait "$BACKUP"; CODE=$?
kill "$RECEIVER" 2>/dev/null || true; kill "$(pid_of db)" 2>/dev/null || true
json() { sed -n "s/.*\"$1\": *\"\{0,1\}\([^,\"]*\)\"\{0,1\}.*/\1/p" "$OUT/report.json" | head -1; }
RESENT=$(json chunksResent); ARCHIVE=$(json archiveBytes)
echo
echo "backup exit code $CODE (resume.verify = $VERIFY); archive $((ARCHIVE / 1000000)) MB in 8 MiB chunks; interruptions $N"
echo "chunks re-sent in all: $RESENT ($((RESENT * 8)) MiB), i.e. $(awk -v r="$RESENT" -v n="$N" 'BEGIN { printf "%.1f", r / n }') chunks ($(awk -v r="$RESENT" -v n="$N" 'BEGIN { printf "%.0f", r * 8 / n }') MiB) per interruption (window = 4 chunks)"
awk -F'\t' 'NR > 1 { s += $3; if ($3 > m) m = $3; n++ } END { printf "time to resume after a receiver restart: mean %.2f s, max %.2f s\n", s / n, m }' "$OUT/interruptions.tsv"
