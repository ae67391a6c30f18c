#!/usr/bin/env bash
# Retention benchmark: a generated store of <count> backups (archive + receiver-style manifest, filed
# <client>/<instance>/yyyy/MM/ as the receiver's default layout does), 50 instances (10 clients x 5) with one
# backup a day at 02:00 UTC each, going back from today. The real `akkabackup retention` command runs on it
# with keep-daily = 7, keep-weekly = 4, keep-monthly = 6: first --dry-run, then applied. Prints the wall time
# and peak RSS of each (the process start-up included; `akkabackup --version` shows what start-up alone costs).
# The store is generated fresh, so its files are in the page cache: this measures the command, not a cold disk.
# Usage: bench/retention.sh [count = 10000] [archive bytes = 4096]
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${1:-10000}"; ARCHIVE_BYTES="${2:-4096}"
OUT="$PWD/bench/out/retention"; rm -rf "$OUT"; mkdir -p "$OUT"
dotnet build src/AkkaBackup.Node -c Release -nologo -v q -o "$OUT/bin" >/dev/null
AKKABACKUP=(dotnet "$OUT/bin/akkabackup.dll")

echo "== generating $COUNT backups of $ARCHIVE_BYTES bytes in $OUT/store"
python3 - "$OUT/store" "$COUNT" "$ARCHIVE_BYTES" <<'PY'
import datetime, hashlib, json, os, sys, uuid
store, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
content = os.urandom(size)
sha256 = hashlib.sha256(content).hexdigest()
instances = [(f"client-{c:02}", f"main-{i}") for c in range(1, 11) for i in range(1, 6)]
today = datetime.datetime.now(datetime.timezone.utc).replace(hour=2, minute=0, second=0, microsecond=0)
for n in range(count):
    client, instance = instances[n % len(instances)]
    stored = today - datetime.timedelta(days=n // len(instances))
    server = "db-" + client
    folder = os.path.join(store, client, instance, stored.strftime("%Y"), stored.strftime("%m"))
    os.makedirs(folder, exist_ok=True)
    name = f"{server}_{instance}_full_{stored.strftime('%Y%m%d_%H%M%S')}.zip"
    with open(os.path.join(folder, name), "wb") as f:
        f.write(content)
    # The fields and order of the receiver's ManifestWriter (manifest version 1).
    manifest = {
        "manifestVersion": 1, "storedName": name, "storedAt": stored.isoformat(), "transferId": uuid.uuid4().hex,
        "runId": stored.strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:8], "backupType": "full", "databases": "all",
        "client": client, "sourceHost": server, "server": server, "instance": instance, "mysqlVersion": "10.11.6-MariaDB",
        "dataDirectory": "/var/lib/mysql", "dataBytes": size * 10, "fileCount": 120, "compression": "zip/deflate",
        "archiveBytes": size, "sha256": sha256, "chunkSize": 8388608, "chunkCount": 1,
        "startedAt": (stored - datetime.timedelta(seconds=30)).isoformat(),
        "phaseMilliseconds": {"Preflight": 600, "StoppingServer": 90, "Archiving": 1300, "Transferring": 40, "StartingServer": 140, "Cleaning": 20},
    }
    with open(os.path.join(folder, name + ".manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
PY

cat > "$OUT/receiver.hocon" <<HOCON
akkabackup {
  node-name = receiver
  receiver { store-directory = "$OUT/store", allowed-clients = [$(seq -f '"client-%02g"' -s, 1 10)] }
  retention.default { keep-daily = 7, keep-weekly = 4, keep-monthly = 6 }
}
HOCON

# measure <name> <label> <args...>: runs akkabackup under /usr/bin/time, its stdout to <name>.out; prints wall seconds and peak RSS.
measure() {
  local name=$1 label=$2; shift 2
  /usr/bin/time -f "%e %M" -o "$OUT/$name.time" "${AKKABACKUP[@]}" "$@" > "$OUT/$name.out"
  read -r seconds kib < "$OUT/$name.time"
  printf '   %-30s %6.2f s, peak RSS %4d MB\n' "$label" "$seconds" $((kib / 1024))
}

echo "== akkabackup retention on $(find "$OUT/store" -name '*.zip' | wc -l) backups"
measure version "akkabackup --version (start)" --version
measure dry-run "retention --dry-run --json" retention --config "$OUT/receiver.hocon" --dry-run --json
measure apply "retention --json (applied)" retention --config "$OUT/receiver.hocon" --json
python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
dry, applied = (json.load(open(os.path.join(out, f))) for f in ("dry-run.out", "apply.out"))
left = sum(1 for _, _, files in os.walk(os.path.join(out, "store")) for f in files if f.endswith(".zip"))
print(f"   dry run planned {len(dry['deletions'])} deletions, {len(dry['kept'])} kept; "
      f"apply deleted {len(applied['deletions'])} with their manifests, {len(applied['kept'])} kept; {left} archives left in the store")
assert len(dry["deletions"]) == len(applied["deletions"]) and left == len(applied["kept"]), "the apply did not do what the dry run planned"
PY
