#!/usr/bin/env bash
# Installs MariaDB server and client when they are missing (needs root or sudo). The packages'
# own service is not used: tests and the demo run private servers on free loopback ports.
set -euo pipefail
if command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ]; then
  if command -v mariadb-install-db >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1; then
    exit 0
  fi
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing mariadb-server, mariadb-client and unzip (apt-get)..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq mariadb-server mariadb-client unzip >/dev/null
