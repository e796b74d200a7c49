#!/usr/bin/env bash
# Makes sure what the tests need is here: the npm packages, Debian's Chromium for
# Playwright, and a running PostgreSQL. Installs or starts what is missing (as root, the
# way CI and the project's machines run); says plainly what it could not do.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "› installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "✗ $1 is missing and installing it needs root: run as root, or install it yourself ($2)" >&2
    exit 1
  fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ ! -x /usr/bin/chromium ]; then
  need_root "Chromium" "apt-get install chromium"
  echo "› installing Debian's Chromium for the browser tests"
  apt_install chromium
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  need_root "PostgreSQL" "apt-get install postgresql"
  echo "› installing PostgreSQL"
  apt_install postgresql
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "› starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

if ! psql -h 127.0.0.1 -U postgres -d postgres -qtAc "SELECT 1" >/dev/null 2>&1; then
  echo "✗ PostgreSQL at 127.0.0.1:5432 does not let user postgres in without a password;" >&2
  echo "  the tests create their own databases there (set TEST_POSTGRES_URL to use another server)" >&2
  exit 1
fi
echo "✓ test prerequisites: npm packages, Chromium, PostgreSQL"
