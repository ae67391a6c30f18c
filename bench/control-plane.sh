#!/usr/bin/env bash
# Control-plane cost (issue 11): round trip of one request and its answer over mutual TLS with Akka's DotNetty
# transport and with AkkaBackup's (firewall and certificate stamp on every message), and the firewall's cost per
# frame. Usage: bench/control-plane.sh [round trips per variant, default 5000]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="$PWD/bench/out/control-plane"
dotnet build bench/ControlPlane -c Release -nologo -v q -o "$OUT" >/dev/null
dotnet "$OUT/ControlPlane.dll" "$@"
