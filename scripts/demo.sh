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
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null \
  || echo $(( 20000 + RANDOM % 20000 )); }
DB_PORT=$(free_port); AKKA_PORT=$(free_port); DATA_PORT=$(free_port); COPY_PORT=$(free_port)
PASSWORD="demo-$RANDOM$RANDOM"
USER_LINE=""; if [ "$(id -u)" -eq 0 ]; then USER_LINE="user=root"; fi

echo "== 1. Building akkabackup"
dotnet build src/AkkaBackup.Node -c Release -nologo -v q -o "$OUT/bin" >/dev/null
AKKABACKUP=(dotnet "$OUT/bin/akkabackup.dll")

write_cnf() { # file datadir port name
  cat > "$1" <<CNF
[mariadbd]
datadir=$2
port=$3
bind-address=127.0.0.1
socket=$OUT/$4.sock
pid-file=$OUT/$4.pid
log-error=$OUT/$4.err
skip-name-resolve
innodb_buffer_pool_size=128M
$USER_LINE
CNF
}
wait_for() { # port
  for _ in $(seq 1 300); do
    mariadb --protocol=tcp -h127.0.0.1 -P"$1" -ubackup -p"$PASSWORD" -e 'SELECT 1' >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "server on port $1 did not start" >&2; return 1
}

echo "== 2. Private MariaDB on 127.0.0.1:$DB_PORT with sample data ($ROWS rows)"
write_cnf "$OUT/source.cnf" "$OUT/source-data" "$DB_PORT" source
mariadb-install-db --defaults-file="$OUT/source.cnf" --auth-root-authentication-method=socket >/dev/null
cat > "$OUT/start-source.sh" <<SH
setsid mariadbd --defaults-file=$OUT/source.cnf </dev/null >>$OUT/source.out 2>&1 &
SH
cat > "$OUT/stop-source.sh" <<SH
kill -TERM "\$(cat $OUT/source.pid)"
SH
sh "$OUT/start-source.sh"
for _ in $(seq 1 300); do [ -S "$OUT/source.sock" ] && break; sleep 0.2; done
mariadb --socket="$OUT/source.sock" -uroot <<SQL
CREATE USER 'backup'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
GRANT ALL ON *.* TO 'backup'@'127.0.0.1';
CREATE DATABASE shop;
CREATE TABLE shop.customers (id INT PRIMARY KEY, name VARCHAR(64), email VARCHAR(128), created DATETIME) ENGINE=InnoDB;
CREATE TABLE shop.orders (id INT PRIMARY KEY, customer_id INT, amount DECIMAL(10,2), note TEXT, KEY (customer_id)) ENGINE=InnoDB;
CREATE TABLE shop.audit (id INT PRIMARY KEY, what VARCHAR(200)) ENGINE=Aria;
INSERT INTO shop.customers SELECT seq, CONCAT('customer ', seq), CONCAT('c', seq, '@example.org'), '2026-01-01' + INTERVAL seq MINUTE FROM seq_1_to_$ROWS;
INSERT INTO shop.orders SELECT seq, 1 + seq % $ROWS, (seq * 7919) % 100000 / 100, REPEAT(MD5(seq), 1 + seq % 5) FROM seq_1_to_$ROWS;
INSERT INTO shop.audit SELECT seq, CONCAT('event ', MD5(seq)) FROM seq_1_to_$ROWS;
SQL
wait_for "$DB_PORT"
checksums() { mariadb --protocol=tcp -h127.0.0.1 -P"$1" -ubackup -p"$PASSWORD" -N -e 'CHECKSUM TABLE shop.customers, shop.orders, shop.audit'; }
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
setsid mariadbd --defaults-file="$OUT/copy.cnf" </dev/null >>"$OUT/copy.out" 2>&1 &
wait_for "$COPY_PORT"
checksums "$COPY_PORT" > "$OUT/restored.checksums"

echo "== 7. Table checksums, source vs restored"
paste "$OUT/source.checksums" "$OUT/restored.checksums" | awk -F'\t' '{ printf "  %-16s %12s %12s  %s\n", $1, $2, $4, ($2==$4 ? "same" : "DIFFERENT") }'
if diff -q "$OUT/source.checksums" "$OUT/restored.checksums" >/dev/null; then
  echo "DEMO OK: the restored server returns the same table checksums as the source."
else
  echo "DEMO FAILED: checksums differ" >&2; exit 1
fi
