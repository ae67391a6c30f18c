# Functions for a private MariaDB server in a directory of its own (sourced by demo.sh and bench/run.sh).
# Needs: OUT (work directory), PASSWORD (for the 'backup'@'127.0.0.1' user).
# Optional: INNODB_BUFFER_POOL, INNODB_LOG_FILE (default 256M each; smaller when many servers share a machine).

free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 20000 ))
}

# write_cnf <file> <datadir> <port> <name>
write_cnf() {
  local user_line=""
  if [ "$(id -u)" -eq 0 ]; then user_line="user=root"; fi
  cat > "$1" <<CNF
[mariadbd]
datadir=$2
port=$3
bind-address=127.0.0.1
socket=$OUT/$4.sock
pid-file=$OUT/$4.pid
log-error=$OUT/$4.err
skip-name-resolve
innodb_buffer_pool_size=${INNODB_BUFFER_POOL:-256M}
innodb_log_file_size=${INNODB_LOG_FILE:-256M}
$user_line
CNF
}

# start_server <name>: detached, so stop/start scripts and our client can manage it.
start_server() {
  setsid mariadbd --defaults-file="$OUT/$1.cnf" </dev/null >>"$OUT/$1.out" 2>&1 &
}

# wait_for <port>: until SELECT 1 answers over TCP.
wait_for() {
  for _ in $(seq 1 600); do
    mariadb --protocol=tcp -h127.0.0.1 -P"$1" -ubackup -p"$PASSWORD" -e 'SELECT 1' >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server on port $1 did not answer" >&2; return 1
}

# new_server <name> <port>: installs, starts, creates the backup user and stop/start scripts.
new_server() {
  write_cnf "$OUT/$1.cnf" "$OUT/$1-data" "$2" "$1"
  mariadb-install-db --defaults-file="$OUT/$1.cnf" --auth-root-authentication-method=socket >/dev/null
  printf 'setsid mariadbd --defaults-file=%s </dev/null >>%s 2>&1 &\n' "$OUT/$1.cnf" "$OUT/$1.out" > "$OUT/start-$1.sh"
  printf 'kill -TERM "$(cat %s)"\n' "$OUT/$1.pid" > "$OUT/stop-$1.sh"
  start_server "$1"
  for _ in $(seq 1 300); do [ -S "$OUT/$1.sock" ] && break; sleep 0.1; done
  mariadb --socket="$OUT/$1.sock" -uroot -e "CREATE USER 'backup'@'127.0.0.1' IDENTIFIED BY '$PASSWORD'; GRANT ALL ON *.* TO 'backup'@'127.0.0.1';"
  wait_for "$2"
}

# sql <name>: runs stdin as root over the server's socket.
sql() { mariadb --socket="$OUT/$1.sock" -uroot; }

# checksums <port>
checksums() {
  mariadb --protocol=tcp -h127.0.0.1 -P"$1" -ubackup -p"$PASSWORD" -N -e \
    "SELECT CONCAT(table_schema,'.',table_name) FROM information_schema.tables WHERE table_schema NOT IN ('mysql','information_schema','performance_schema','sys') AND table_type='BASE TABLE' ORDER BY 1" |
  while read -r t; do
    mariadb --protocol=tcp -h127.0.0.1 -P"$1" -ubackup -p"$PASSWORD" -N -e "CHECKSUM TABLE $t"
  done
}

# pid_of <name>
pid_of() { cat "$OUT/$1.pid" 2>/dev/null; }
