#!/usr/bin/env bash
# Receiver recovery benchmark (issue 3): time to recover one partial transfer of N chunks from the SQLite
# journal after a restart, with snapshots every 1000 chunks and without. Usage: bench/recovery.sh [N ...]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$PWD/bench/out/recovery"
dotnet build bench/AssemblerRecovery -c Release -nologo -v q -o "$OUT" >/dev/null
dotnet "$OUT/AssemblerRecovery.dll" "$@"
