#!/usr/bin/env bash
# The whole story on one machine: a private MariaDB with sample data, a receiver and a client on
# loopback with mutual TLS, one backup with progress, a restore into a fresh directory, and proof
# that the restored server returns the same table checksums as the source.
# Everything lives in ./demo-out (removed and recreated on each run).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin"
./scripts/ensure-mariadb.sh

OUT="$PWD/demo-out"
ROWS="${DEMO_ROWS:-200000}"
rm -rf "$OUT"; mkdir -p "$OUT"
PASSWORD="demo-$RANDOM$RANDOM"
. ./scripts/private-mariadb.sh
DB_PORT=$(free_port); AKKA_PORT=$(free_port); DATA_PORT=$(free_port); COPY_PORT=$(free_port)

echo "== 1. Building akkabackup"
dotnet build src/AkkaBackup.Node -c Release -nologo -v q -o "$OUT/bin" >/dev/null
AKKABACKUP=(dotnet "$OUT/bin/akkabackup.dll")

echo "== 2. Private MariaDB on 127.0.0.1:$DB_PORT with sample data ($ROWS rows)"
new_server source "$DB_PORT"
sql source <<SQL
CREATE DATABASE shop;
USE shop;
CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(64), email VARCHAR(128), created DATETIME) ENGINE=InnoDB;
CREATE TABLE shop.orders (id INT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2), note TEXT, KEY (customer_id)) ENGINE=InnoDB;
CREATE TABLE shop.audit (id INT PRIMARY KEY, what VARCHAR(200)) ENGINE=Aria;
INSERT INTO shop.customers SELECT seq, CONCAT('customer ', seq), CONCAT('c', seq, '@example.org'), '2026-01-01' + INTERVAL seq MINUTE FROM seq_1_to_$ROWS;
INSERT INTO shop.orders SELECT seq, 1 + seq % $ROWS, (seq * 7919) % 100000 / 100, REPEAT(MD5(seq), 1 + seq % 5) FROM seq_1_to_$ROWS;
INSERT INTO shop.audit SELECT seq, CONCAT('event ', MD5(seq)) FROM seq_1_to_$ROWS;
SQL
checksums "$DB_PORT" > "$OUT/source.checksums"

echo "== 3. Certificates (private CA, one per node)"
"${AKKABACKUP[@]}" certs --out "$OUT/certs" --node receiver --node demo-client --password "$PASSWORD" >/dev/null

cat > "$OUT/receiver.hocon" <<HOCON
akkabackup {
  role = receiver
  node-name = receiver
  log-directory = "$OUT/logs"
  tls { certificate = "$OUT/certs/receiver.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  receiver {
    store-directory = "$OUT/store"
    allowed-clients = ["demo-client"]
    data-plane { hostname = "127.0.0.1", port = $DATA_PORT }
  }
}
akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = $AKKA_PORT }
HOCON
cat > "$OUT/client.hocon" <<HOCON
akkabackup {
  role = client
  node-name = demo-client
  log-directory = "$OUT/logs"
  tls { certificate = "$OUT/certs/demo-client.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  client {
    staging-directory = "$OUT/staging"
    receiver { host = "127.0.0.1", port = $AKKA_PORT, name = receiver }
    instances.main {
      server = demo
      host = "127.0.0.1"
      port = $DB_PORT
      user = backup
      password = "$PASSWORD"
      data-directory = "$OUT/source-data"
      service { kind = command, stop-command = "sh $OUT/stop-source.sh", start-command = "sh $OUT/start-source.sh" }
    }
  }
}
HOCON

echo "== 4. Receiver node (Akka.Remote TLS on $AKKA_PORT, data plane TLS on $DATA_PORT)"
"${AKKABACKUP[@]}" receiver --config "$OUT/receiver.hocon" > "$OUT/receiver.out" 2>&1 &
RECEIVER=$!
cleanup() {
  kill "$RECEIVER" 2>/dev/null || true
  for pid in "$OUT/source.pid" "$OUT/copy.pid"; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
}
trap cleanup EXIT
for _ in $(seq 1 300); do grep -q "node started" "$OUT/receiver.out" && break; sleep 0.2; done

echo "== 5. Backup (the server is stopped, archived, shipped, started and proven to answer)"
"${AKKABACKUP[@]}" backup --config "$OUT/client.hocon"
STORED=$(find "$OUT/store" -name '*.zip' -not -path '*/.partial/*' | head -1)
echo "Stored: $STORED"

echo "== 6. Restore into a fresh directory and start a second server on it"
"${AKKABACKUP[@]}" restore "$STORED" --datadir "$OUT/restored-data"
write_cnf "$OUT/copy.cnf" "$OUT/restored-data" "$COPY_PORT" copy
start_server copy
wait_for "$COPY_PORT"
checksums "$COPY_PORT" > "$OUT/restored.checksums"

echo "== 7. Table checksums, source vs restored"
paste "$OUT/source.checksums" "$OUT/restored.checksums" | awk -F'\t' '{ printf "  %-16s %12s %12s  %s\n", $1, $2, $4, ($2==$4 ? "same" : "DIFFERENT") }'
if diff -q "$OUT/source.checksums" "$OUT/restored.checksums" >/dev/null; then
  echo "DEMO OK: the restored server returns the same table checksums as the source."
else
  echo "DEMO FAILED: checksums differ" >&2; exit 1
fi
