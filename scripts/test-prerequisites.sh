#!/usr/bin/env bash
# Makes sure what the tests need is here: the npm packages, Debian's Chromium for
# Playwright, a running PostgreSQL and Redis, and nginx (the cluster tests start their
# own). Installs or starts what is missing (as root, the
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
if ! command -v redis-server >/dev/null 2>&1; then
  need_root "Redis" "apt-get install redis-server"
  echo "› installing Redis"
  apt_install redis-server
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "› starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "✗ Redis at 127.0.0.1:6379 does not answer; the cluster tests need it (set TEST_REDIS_URL to use another)" >&2
  exit 1
fi

# The cluster tests run nginx themselves, from a config of their own, on free ports.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  need_root "nginx" "apt-get install nginx"
  echo "› installing nginx"
  apt_install nginx
fi
echo "✓ test prerequisites: npm packages, Chromium, PostgreSQL, Redis, nginx"
