#!/usr/bin/env bash
# Installs what the tests and the demo need when it is missing (needs root or sudo): MariaDB server and
# client, mariadb-backup (hot backups), unzip, and the file-system tools the snapshot tests format loop
# images with (xfsprogs, btrfs-progs), and chromium for the dashboard's browser tests (Playwright drives it by
# path). The packages' own service is not used: tests and the demo run private servers on free loopback ports.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
missing=()
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
command -v mariadb-install-db >/dev/null 2>&1 || missing+=(mariadb-server mariadb-client)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v mariadb-backup >/dev/null 2>&1 || missing+=(mariadb-backup)
command -v mkfs.xfs >/dev/null 2>&1 || missing+=(xfsprogs)
command -v mkfs.btrfs >/dev/null 2>&1 || missing+=(btrfs-progs)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ "${#missing[@]}" -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing ${missing[*]} (apt-get)..." >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
