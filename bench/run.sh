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
#
# bench/run.sh --types [size in GB ...]   (default: 1 4): the backup types of issue 14 on the same data, a
# private MariaDB whose data directory is on a loop-mounted XFS image (mkfs.xfs -m reflink=1; the image,
# sparse, also holds the staging directory, the store and the baselines' files; unmounted and deleted on
# exit, failure included). Each row is one run:
#   cold, snapshot, hot   akkabackup backup --type X --json against a real receiver; the stored archive must
#                         be named *_X_* with its manifest saying backupType X (hot: the server's pid unchanged)
#   naive                 as above (stop; zip -1 -r; copy over TLS; start)
#   mariadb-backup|pigz   mariadb-backup --backup --stream=xbstream --parallel=2 | pigz -1 -p2 streamed over TLS
#                         with socat, the server up throughout (bytes sent = bytes received, "completed OK!")
# Prints one table per size with the issue's goals beside the numbers; raw results in bench/out/types.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin"
TYPES=0
if [ "${1:-}" = --types ]; then TYPES=1; shift; fi
./scripts/ensure-mariadb.sh
for tool in socat pigz zstd zip tar openssl; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool (apt-get install -y socat pigz zstd zip)" >&2; exit 2; }
done
if [ "$TYPES" = 1 ]; then
  for tool in mariadb-backup mkfs.xfs mount umount mountpoint truncate; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh --types needs $tool (apt-get install -y mariadb-backup xfsprogs)" >&2; exit 2; }
  done
  [ "$(id -u)" -eq 0 ] || { echo "bench/run.sh --types mounts a loop image: run it as root" >&2; exit 2; }
fi
SIZES=("$@"); [ $# -eq 0 ] && SIZES=(1 4)

ROOT="$PWD/bench/out"
# A run killed hard (kill -9) may have left an image mounted under bench/out: never rm -rf into it.
awk -v root="$ROOT/" 'index($2, root) == 1 { print $2 }' /proc/mounts | while read -r mounted; do umount -l "$mounted" || true; done
rm -rf "$ROOT"; mkdir -p "$ROOT"
RESULTS="$ROOT/results.tsv"
printf 'size_gb\tdata_bytes\tours_downtime_s\tours_total_s\tours_archive_bytes\tours_mb_s\tclient_peak_rss_mb\tclient_hwm_mb\treceiver_peak_rss_mb\treceiver_hwm_mb\tnaive_downtime_s\tnaive_zip_bytes\tpigz_downtime_s\tpigz_bytes\tzstd_downtime_s\tzstd_bytes\n' > "$RESULTS"
# shellcheck source=../scripts/private-mariadb.sh
. ./scripts/private-mariadb.sh
# shellcheck source=lib.sh
. ./bench/lib.sh
# The images mounted now (--types): "<image> <mount point>" lines, unmounted and deleted on exit.
MOUNTS="$ROOT/mounts"; : > "$MOUNTS"
cleanup() {
  kill_started "$ROOT"/*/
  while read -r image mount_point; do keep_logs "$mount_point"; xfs_unmount "$image" "$mount_point"; done < "$MOUNTS"
}
# keep_logs <dir>: the reports and logs of a size's runs, out of its image before it goes (to <dir>-logs).
keep_logs() {
  [ -d "$1" ] || return 0
  mkdir -p "$1-logs"
  cp -r "$1"/*.json "$1"/*.log "$1"/*.err "$1"/*.out "$1"/logs "$1-logs/" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
build_akkabackup "$ROOT/bin"

# The three ways to produce the archive, on stdout, from the stopped $OUT/db-data.
produce_naive() { (cd "$OUT" && zip -1 -r -q naive-Data.zip db-data) && cat "$OUT/naive-Data.zip"; }
produce_pigz() { tar -C "$OUT" -cf - db-data | pigz -1 -p2; }
produce_zstd() { tar -C "$OUT" -cf - db-data | zstd -1 -T2 -q; }

# bench_server <GB> [where]: a private MariaDB "db" in OUT filled with about <GB> of data, and our nodes'
# configs for it. Sets PASSWORD, DB_PORT, DATA_BYTES.
bench_server() {
  PASSWORD="bench-$RANDOM$RANDOM"
  DB_PORT=$(free_port)
  echo "== $1 GB: generating data${2:+ $2}"
  new_server db "$DB_PORT"
  grow db $(($1 * 1000 * 1000 * 1000))
  DATA_BYTES=$(du -sb "$OUT/db-data" | cut -f1)
  ours_setup db "$DB_PORT" "sh $OUT/start-db.sh"
}

# tls_listen <name>: a socat listener (OpenSSL) on a free loopback port writing what it receives to
# $OUT/<name>-received; sets TLS_PORT and TLS_LISTENER (its pid), returns once it listens.
tls_listen() {
  TLS_PORT=$(free_port)
  [ -f "$OUT/tls.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes -keyout "$OUT/tls.key" -out "$OUT/tls.pem" -days 1 -subj /CN=bench 2>/dev/null
  socat -b 262144 -u "OPENSSL-LISTEN:$TLS_PORT,bind=127.0.0.1,reuseaddr,cert=$OUT/tls.pem,key=$OUT/tls.key,verify=0" "CREATE:$OUT/$1-received" &
  TLS_LISTENER=$!
  for _ in $(seq 1 100); do ss -ltn "sport = :$TLS_PORT" | grep -q LISTEN && break; sleep 0.05; done
}

# tls_send <name>: stdin to the tls_listen listener, the bytes counted by dd into $OUT/<name>-sent.log.
tls_send() { dd bs=1M 2> "$OUT/$1-sent.log" | socat -b 262144 -u - "OPENSSL:127.0.0.1:$TLS_PORT,verify=0"; }

# tls_received <name>: once the listener has been waited for, checks that the bytes received are the bytes sent (an
# incomplete copy stops the benchmark); sets BASE_BYTES and deletes the received file.
tls_received() {
  local sent received
  # dd's last stderr line: "<n> bytes ... copied".
  sent=$(sed -n 's/^\([0-9]*\) bytes.*/\1/p' "$OUT/$1-sent.log")
  received=$(stat -c %s "$OUT/$1-received")
  if [ "$sent" != "$received" ]; then
    echo "ERROR: the $1 copy over TLS is INCOMPLETE: $sent bytes sent, $received received" >&2; exit 1
  fi
  BASE_BYTES=$received
  rm -f "$OUT/$1-received"
}

# baseline <name>: stop the server with mariadb-admin, send produce_<name>'s output over TLS (socat and
# OpenSSL on both ends) to a file, start the server once the file is complete, wait for SELECT 1.
# Sets BASE_DOWN (s) and BASE_BYTES (the archive's size, as sent and as received).
baseline() {
  local name=$1 t0
  tls_listen "$name"
  drop_caches
  t0=$(now)
  mariadb-admin --socket="$OUT/db.sock" -uroot shutdown
  "produce_$name" | tls_send "$name"
  wait "$TLS_LISTENER"
  start_server db
  wait_for "$DB_PORT"
  BASE_DOWN=$(seconds "$t0" "$(now)")
  tls_received "$name"
  rm -f "$OUT/naive-Data.zip"
}

# hot_baseline: mariadb-backup --backup --stream=xbstream (as root over the socket, --parallel=2 as our hot
# type runs it) | pigz -1 -p2, streamed over TLS while the server runs. Sets HOT_BASE_TOTAL (s, until the
# file received is complete) and BASE_BYTES; fails unless mariadb-backup said "completed OK!".
hot_baseline() {
  local t0
  tls_listen mbpigz
  rm -rf "$OUT/mb-target"; mkdir -p "$OUT/mb-target"
  drop_caches
  t0=$(now)
  mariadb-backup --backup --stream=xbstream --user=root --socket="$OUT/db.sock" --datadir="$OUT/db-data" \
      --target-dir="$OUT/mb-target" --parallel=2 2> "$OUT/mbpigz-backup.log" | pigz -1 -p2 | tls_send mbpigz
  wait "$TLS_LISTENER"
  HOT_BASE_TOTAL=$(seconds "$t0" "$(now)")
  grep -q "completed OK!" "$OUT/mbpigz-backup.log" || { echo "mariadb-backup did not complete; see $OUT/mbpigz-backup.log" >&2; tail -5 "$OUT/mbpigz-backup.log" >&2; exit 1; }
  tls_received mbpigz
  rm -rf "$OUT/mb-target"
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# phases <report.json>: its phaseMilliseconds as "Phase=ms,..." (where a run's time went).
phases() { python3 -c 'import json, sys; print(",".join(f"{k}={v}" for k, v in json.load(open(sys.argv[1])).get("phaseMilliseconds", {}).items()))' "$1"; }

# types_row <method> <downtime s> <total s> <archive bytes> <load before> <goal text>: one row of types.tsv.
types_row() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$gb" "$DATA_BYTES" "$1" "$2" "$3" "$4" "$5" "$(load1)" "${6:-}" >> "$TYPES_RESULTS"
}

# run_types: the --types benchmark, one loop XFS image per size.
run_types() {
  local gb image need avail load pid_before type
  TYPES_RESULTS="$ROOT/types.tsv"
  printf 'size_gb\tdata_bytes\tmethod\tdowntime_s\ttotal_s\tarchive_bytes\tload1_before\tload1_after\tnote\n' > "$TYPES_RESULTS"
  for gb in "${SIZES[@]}"; do
    OUT="$ROOT/$gb"; image="$ROOT/$gb.xfs.img"
    # The image holds the data twice (the data directory and, for a moment, what the server changes in its
    # reflink clone) plus the archives (staging and store, or a zip and its copy: under 0.5x the data each)
    # and 2 GB for InnoDB's own files and the overshoot of the generator.
    need=$(( (3 * gb + 2) * 1000 * 1000 * 1000 ))
    avail=$(df -B1 --output=avail "$ROOT" | tail -1)
    if [ "$avail" -lt "$need" ]; then
      echo "ERROR: $gb GB needs an image of $need bytes, $ROOT has $avail free" >&2; exit 1
    fi
    echo "$image $OUT" >> "$MOUNTS"
    xfs_mount "$image" "$need" "$OUT"
    bench_server "$gb" "on XFS (reflink=1) at $OUT"

    for type in cold snapshot hot; do
      echo "== $gb GB: akkabackup backup --type $type (load $(load1))"
      load=$(load1); pid_before=$(pid_of db)
      drop_caches
      ours_backup "$type"
      cp "$OUT/ours.json" "$OUT/ours-$type.json"
      if [ "$type" = hot ] && [ "$(pid_of db)" != "$pid_before" ]; then
        echo "ERROR: the hot backup restarted the server (pid $pid_before, now $(pid_of db))" >&2; exit 1
      fi
      if [ "$type" = snapshot ] && ls -d "$OUT"/.akkabackup-clone-* >/dev/null 2>&1; then
        echo "ERROR: the snapshot left its clone behind: $(ls -d "$OUT"/.akkabackup-clone-*)" >&2; exit 1
      fi
      types_row "$type" "$OURS_DOWN" "$OURS_TOTAL" "$OURS_ARCHIVE" "$load" "$(basename "$OURS_STORED") $(phases "$OUT/ours.json")"
      rm -rf "$OUT/store"
    done

    echo "== $gb GB: mariadb-backup --stream=xbstream | pigz -1 -p2 over TLS (load $(load1))"
    load=$(load1)
    hot_baseline
    types_row "mariadb-backup|pigz" 0 "$HOT_BASE_TOTAL" "$BASE_BYTES" "$load"

    echo "== $gb GB: naive script (load $(load1))"
    load=$(load1)
    baseline naive
    types_row naive "$BASE_DOWN" "$BASE_DOWN" "$BASE_BYTES" "$load"

    stop_server db
    keep_logs "$OUT"
    xfs_unmount "$image" "$OUT"
  done
  print_types
}

# print_types: the table of each size with the goals, then the snapshot's flatness across sizes.
print_types() {
  echo
  awk -F'\t' '
    NR == 1 { next }
    { key = $1 SUBSEP $3; down[key] = $4; total[key] = $5; bytes[key] = $6; before[key] = $7; after[key] = $8; note[key] = $9
      data[$1] = $2; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    function verdict(ok) { return ok ? "met" : "MISSED" }
    END {
      split("cold snapshot hot mariadb-backup|pigz naive", methods, " ")
      for (i = 1; i <= n; i++) {
        gb = order[i]
        printf "%s GB (data %.2f GB, on loop XFS reflink=1)\n", gb, data[gb] / 1e9
        printf "  %-20s %12s %10s %12s %14s  %s\n", "method", "downtime s", "total s", "archive MB", "load 1m (b/a)", "goal"
        base = total[gb SUBSEP "mariadb-backup|pigz"]
        for (m = 1; m <= 5; m++) {
          k = gb SUBSEP methods[m]; goal = ""
          if (methods[m] == "snapshot") goal = sprintf("downtime <= 15 s: %s", verdict(down[k] <= 15))
          if (methods[m] == "hot") goal = sprintf("downtime 0: %s; total <= 1.2x mariadb-backup|pigz: %.2fx, %s", verdict(down[k] == 0), total[k] / base, verdict(total[k] <= 1.2 * base))
          printf "  %-20s %12.2f %10.2f %12.0f %14s  %s\n", methods[m], down[k], total[k], bytes[k] / 1e6, before[k] "/" after[k], goal
        }
        for (m = 1; m <= 3; m++) printf "  %-9s stored, phases (ms): %s\n", methods[m], note[gb SUBSEP methods[m]]
      }
      if (n > 1) {
        lo = down[order[1] SUBSEP "snapshot"]; hi = down[order[n] SUBSEP "snapshot"]
        clo = down[order[1] SUBSEP "cold"]; chi = down[order[n] SUBSEP "cold"]
        printf "snapshot downtime %s GB -> %s GB: %.2f s -> %.2f s (%.2fx; cold %.2fx); flat (<= 1.5x): %s\n", order[1], order[n], lo, hi, hi / lo, chi / clo, verdict(hi <= 1.5 * lo)
      } else {
        printf "snapshot flat across sizes: not measured (one size)\n"
      }
    }' "$TYPES_RESULTS"
}

if [ "$TYPES" = 1 ]; then run_types; exit 0; fi

for gb in "${SIZES[@]}"; do
  OUT="$ROOT/$gb"; mkdir -p "$OUT"
  bench_server "$gb"

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
