#!/usr/bin/env bash
# Sparse-file benchmark (issue 13): archive and restore one file of N GiB apparent size (default 4.5) with a
# 1 MiB data island every 256 MiB and holes in between. Usage: bench/sparse.sh [GiB]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$PWD/bench/out/sparse"
dotnet build bench/SparseArchive -c Release -nologo -v q -o "$OUT" >/dev/null
dotnet "$OUT/SparseArchive.dll" "$@"
