# Shell functions shared by bench/run.sh and bench/scale.sh (sourced after scripts/private-mariadb.sh,
# never run on its own). Needs: OUT (the work directory of one size), PASSWORD, AKKABACKUP (from
# build_akkabackup).

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
drop_caches() { sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true; }

# build_akkabackup <dir>: a Release build of the node into <dir>; sets AKKABACKUP.
build_akkabackup() {
  dotnet build src/AkkaBackup.Node -c Release -nologo -v q -o "$1" >/dev/null
  AKKABACKUP=(dotnet "$1/akkabackup.dll")
}

# kill_started [dir ...]: ends this shell's background jobs still running (nodes, samplers, listeners)
# and the MariaDB servers whose pid files are in the given directories, waiting for the servers to exit.
# Meant for an EXIT trap: never fails.
kill_started() {
  local pid file jobs
  jobs=$(jobs -p)
  for pid in $jobs; do kill "$pid" 2>/dev/null || true; done
  # A client ended mid-run may still start its server on the way out: let the jobs end first.
  for pid in $jobs; do
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  for file in $(for dir in "$@"; do ls "$dir"/*.pid 2>/dev/null; done); do
    pid=$(cat "$file" 2>/dev/null) || continue
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = mariadbd ] || continue
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  return 0
}

# stop_server <name>: a clean shutdown of a private server, waiting until its process is gone.
stop_server() {
  local pid
  pid=$(pid_of "$1") || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "server $1 (pid $pid) did not stop" >&2; return 1
}

# grow <name> <bytes>: fills the server until its data directory holds about <bytes>, with InnoDB rows
# that compress like real data (2-3x).
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

# ours_setup <db-name> <db-port> <start-command>: certificates and the receiver's and client's configs in
# OUT for a backup of $OUT/<db-name>-data, stopped with stop-<db-name>.sh and started with <start-command>.
ours_setup() {
  local name=$1 db_port=$2 start_command=$3 akka_port data_port
  akka_port=$(free_port); data_port=$(free_port)
  "${AKKABACKUP[@]}" certs --out "$OUT/certs" --node receiver --node bench-client --password "$PASSWORD" >/dev/null
  cat > "$OUT/receiver.hocon" <<HOCON
akkabackup { role = receiver, node-name = receiver, log-directory = "$OUT/logs"
  tls { certificate = "$OUT/certs/receiver.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  receiver { store-directory = "$OUT/store", allowed-clients = ["bench-client"], data-plane { hostname = "127.0.0.1", port = $data_port } } }
akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = $akka_port }
HOCON
  cat > "$OUT/client.hocon" <<HOCON
akkabackup { role = client, node-name = bench-client, log-directory = "$OUT/logs"
  tls { certificate = "$OUT/certs/bench-client.pfx", certificate-password = "$PASSWORD", ca = "$OUT/certs/ca.crt" }
  client { staging-directory = "$OUT/staging", receiver { host = "127.0.0.1", port = $akka_port, name = receiver }
    instances.main { server = bench, port = $db_port, user = backup, password = "$PASSWORD", data-directory = "$OUT/$name-data"
      service { kind = command, stop-command = "sh $OUT/stop-$name.sh", start-command = "$start_command" } } } }
HOCON
}

# sample_rss <pid> <file>: every 0.5 s until <pid> is gone, writes "<highest VmRSS seen> <VmHWM>" in
# kB to <file> (VmHWM is the kernel's own high-water mark, the check on the sampled figure), and appends
# "<seconds> <VmRSS> <RssAnon> <RssFile>" to <file>.series, to tell a plateau from a creep.
# Bash builtins only, apart from sleep: a sampler that forks awk and date every time costs a share of
# a core on a 2-core machine, which the backup being measured then lacks.
sample_rss() {
  local pid=$1 file=$2 peak=0 hwm=0 start=${EPOCHREALTIME/./} key value unit rss high anon mapped elapsed
  echo "0 0" > "$file"; : > "$file.series"
  while [ -e "/proc/$pid/status" ]; do
    rss=0 high=0 anon=0 mapped=0
    while read -r key value unit; do
      case $key in
        VmRSS:) rss=$value ;; VmHWM:) high=$value ;; RssAnon:) anon=$value ;; RssFile:) mapped=$value ;;
      esac
    done < "/proc/$pid/status" 2>/dev/null || true
    if [ "$rss" -gt "$peak" ]; then peak=$rss; fi
    if [ "$high" -gt "$hwm" ]; then hwm=$high; fi
    echo "$peak $hwm" > "$file"
    elapsed=$(( ${EPOCHREALTIME/./} - start ))
    if [ "$rss" -gt 0 ]; then printf '%d.%06d %s %s %s\n' $((elapsed / 1000000)) $((elapsed % 1000000)) "$rss" "$anon" "$mapped" >> "$file.series"; fi
    sleep 0.5
  done
}

# rss_mb <file> <field 1|2>: a sample_rss figure in MB (MiB).
rss_mb() { awk -v f="$2" '{ printf "%.0f", $f / 1024 }' "$1"; }

# json_number <file> <name>: the first number named <name> in a --json report.
json_number() { sed -n "s/.*\"$2\": \([0-9.]*\).*/\1/p" "$1" | head -1; }

# ours_backup [type]: one backup with our receiver and client (ours_setup first), both sampled by
# sample_rss; of the instance's type (cold) without an argument, else `backup --type <type>`, and then the
# stored archive's name must hold _<type>_ and its manifest say backupType <type>. Sets OURS_DOWN,
# OURS_TOTAL (s), OURS_ARCHIVE (bytes), OURS_STORED (the stored archive), CLIENT_RSS, CLIENT_HWM,
# RECEIVER_RSS, RECEIVER_HWM (MB). A downtime of null in the report (never stopped: hot) is 0.
ours_backup() {
  local type=${1:-} pattern='*.zip' receiver client receiver_sampler client_sampler rc=0
  local args=(backup --config "$OUT/client.hocon" --json)
  if [ -n "$type" ]; then args+=(--type "$type"); pattern="*_${type}_*"; fi
  "${AKKABACKUP[@]}" receiver --config "$OUT/receiver.hocon" > "$OUT/receiver.out" 2>&1 &
  receiver=$!
  sample_rss "$receiver" "$OUT/receiver.rss" & receiver_sampler=$!
  for _ in $(seq 1 300); do grep -q "node started" "$OUT/receiver.out" && break; sleep 0.2; done
  "${AKKABACKUP[@]}" "${args[@]}" > "$OUT/ours.json" 2> "$OUT/client.err" &
  client=$!
  sample_rss "$client" "$OUT/client.rss" & client_sampler=$!
  wait "$client" || rc=$?
  wait "$client_sampler" || true
  if [ "$rc" -ne 0 ]; then
    echo "the backup failed (exit code $rc); see $OUT/client.err and $OUT/receiver.out" >&2
    cat "$OUT/client.err" >&2; return 1
  fi
  # The stored archive with its manifest: then the receiver has nothing left to do.
  OURS_STORED=""
  for _ in $(seq 1 1200); do
    OURS_STORED=$(find "$OUT/store" -type f -name "$pattern" -not -name '*.manifest.json' -not -path '*/.partial/*' 2>/dev/null | head -1)
    [ -n "$OURS_STORED" ] && [ -e "$OURS_STORED.manifest.json" ] && break
    sleep 0.5
  done
  [ -n "$OURS_STORED" ] && [ -e "$OURS_STORED.manifest.json" ] || { echo "the receiver stored no archive with its manifest${type:+ (named *_${type}_*)}; see $OUT/receiver.out" >&2; return 1; }
  if [ -n "$type" ] && ! grep -q "\"backupType\": *\"$type\"" "$OURS_STORED.manifest.json"; then
    echo "$OURS_STORED.manifest.json does not say backupType $type" >&2; return 1
  fi
  kill "$receiver"; wait "$receiver" 2>/dev/null || true
  wait "$receiver_sampler" || true
  OURS_DOWN=$(json_number "$OUT/ours.json" downtimeSeconds)
  if [ -z "$OURS_DOWN" ] && grep -q '"downtimeSeconds": null' "$OUT/ours.json"; then OURS_DOWN=0; fi
  OURS_TOTAL=$(json_number "$OUT/ours.json" durationSeconds)
  OURS_ARCHIVE=$(json_number "$OUT/ours.json" archiveBytes)
  CLIENT_RSS=$(rss_mb "$OUT/client.rss" 1); CLIENT_HWM=$(rss_mb "$OUT/client.rss" 2)
  RECEIVER_RSS=$(rss_mb "$OUT/receiver.rss" 1); RECEIVER_HWM=$(rss_mb "$OUT/receiver.rss" 2)
}

# xfs_mount <image> <bytes> <mount point>: a sparse image file of <bytes> (it costs disk only for what is
# written), formatted XFS with reflink=1 (what snapshot backups clone on) and loop-mounted on <mount point>.
xfs_mount() {
  truncate -s "$2" "$1"
  mkfs.xfs -q -m reflink=1 "$1"
  mkdir -p "$3"
  mount -o loop "$1" "$3"
}

# xfs_unmount <image> <mount point>: unmounts (a few tries, then lazily: a process that just exited may
# still hold a file) and deletes the image. Meant for EXIT traps too: never fails.
xfs_unmount() {
  local image=$1 mount_point=$2
  if mountpoint -q "$mount_point" 2>/dev/null; then
    for attempt in 1 2 3 4 5; do
      umount "$mount_point" 2>/dev/null && break
      sleep "0.$attempt"
    done
    if mountpoint -q "$mount_point" 2>/dev/null; then umount -l "$mount_point" 2>/dev/null || true; fi
  fi
  rm -f "$image"
  rmdir "$mount_point" 2>/dev/null || true
  return 0
}
