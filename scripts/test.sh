#!/usr/bin/env bash
# npm test [-- <jest args>]
#
# From a fresh clone: installs dependencies if missing or stale, brings up PostgreSQL + Kafka + topics
# (scripts/infra/up.sh), migrates the test database, then runs every jest project (unit, integration, e2e)
# in band, writing reports/jest.json, then the console's browser tests (Playwright, reports/playwright.json).
# Exits non-zero if anything fails.
set -euo pipefail
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT_DIR"

log() { printf '[test] %s\n' "$*"; }

# npm writes node_modules/.package-lock.json on install: older than package-lock.json means the lock changed since.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

# Tests get a Kafka broker and a database of their own, both fresh on every run: no result depends on what an
# earlier run left behind, and a running `npm start` (broker on 9092, database rcrp) is never disturbed.
export KAFKA_BROKERS="${RCRP_TEST_KAFKA_BROKERS:-127.0.0.1:19092}"
export KAFKA_RUN_DIR="$ROOT_DIR/.run/kafka-test"
export RCRP_RESET_TEST_DATABASE=1
bash scripts/infra/kafka.sh stop >/dev/null 2>&1 || true
rm -rf "$KAFKA_RUN_DIR"
trap 'bash scripts/infra/kafka.sh stop >/dev/null 2>&1 || true' EXIT
bash scripts/infra/up.sh

log "migrating database rcrp_test"
npm run -s migrate -- --database rcrp_test

mkdir -p reports
rm -f reports/playwright.json
log "running jest (unit + integration, in band)"
# --forceExit: a suite that leaves a socket or timer open must not hang the run after the report is written
# (jest still prints "did not exit one second after" so the leak stays visible).
status=0
npx jest --runInBand --forceExit --json --outputFile=reports/jest.json "$@" || status=$?

# The console in a real browser (issue 17), after jest whatever its result, so one run reports both. Playwright
# starts the three services and the console against this run's database and broker and stops them at the end
# (apps/console/e2e/playwright.config.ts). Skipped when jest was given arguments: a run of chosen jest tests.
if [[ $# -gt 0 ]]; then
  log "skipping the browser tests (jest was given arguments)"
  exit "$status"
fi
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM_PATH" ]]; then
  log "installing Debian's chromium for the browser tests (apt-get)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
    log "could not install chromium; the browser tests will fail"
fi
log "running the browser tests (Playwright, headless Chromium)"
CHROMIUM_PATH="$CHROMIUM_PATH" npx playwright test -c apps/console/e2e/playwright.config.ts || status=$?
exit "$status"
