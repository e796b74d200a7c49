#!/usr/bin/env bash
# Every test, in the order that fails fastest: types, unit, then the real server on
# SQLite and PostgreSQL (integration), then Chromium against it (browser).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/test-prerequisites.sh
echo "› type check"
npx tsc --noEmit
echo "› unit tests"
npx vitest run --project unit
echo "› production build"
npx next build > /tmp/switchboard-build.log 2>&1 || { cat /tmp/switchboard-build.log; exit 1; }
echo "› integration tests (real server, SQLite and PostgreSQL)"
npx vitest run --project integration
echo "› browser tests (Chromium)"
npx playwright test
