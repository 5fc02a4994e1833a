#!/usr/bin/env bash
# npm stop: stops the stack started by `npm start -- --detach`: the services (every instance) and the console, then Kafka.
# PostgreSQL is the machine's own server and keeps running.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT_DIR"
STATE_DIR="$ROOT_DIR/.run/services"
log() { printf '[stop] %s\n' "$*"; }

stopped_any=0
# Every instance `npm start -- --instances N` started: intake, intake-2, ..., console.
shopt -s nullglob
for pid_file in "$STATE_DIR"/*.pid; do
  [[ "$pid_file" == *.service.pid ]] && continue
  svc="$(basename "$pid_file" .pid)"
  pid="$(cat "$pid_file")"
  # Only signal a pid that is still one of our services (a stale file may name a recycled pid).
  if kill -0 "$pid" 2>/dev/null && grep -q "dist/apps/${svc%-[0-9]}/main.js" "/proc/$pid/cmdline" 2>/dev/null; then
    log "stopping $svc (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$svc did not stop in 10s; killing it"
      kill -KILL "$pid"
      # The supervisor is gone; so must be the service it ran.
      service_pid="$(cat "$STATE_DIR/$svc.service.pid" 2>/dev/null || true)"
      [[ -n "$service_pid" ]] && kill -KILL "$service_pid" 2>/dev/null || true
    fi
    stopped_any=1
  fi
  rm -f "$pid_file" "$STATE_DIR/$svc.service.pid"
done
[[ "$stopped_any" == 1 ]] || log "no detached services or console were running"

if [[ -f scripts/infra/kafka.sh ]]; then
  bash scripts/infra/kafka.sh stop
fi
