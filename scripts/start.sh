#!/usr/bin/env bash
# npm start [-- --detach] [--instances N]
#
# Brings the whole system up on this machine: dependencies, development secrets, PostgreSQL + Kafka + topics,
# migrations, a build of the three services and the web console, and all four processes with their logs prefixed
# by name. The console's URL is printed first: it is where a person starts.
#
# Foreground (default): stays attached; Ctrl-C stops the services and the console, and Kafka too if this run started it
# (a broker that was already running, e.g. for `npm test`, is left alone). PostgreSQL is the machine's own
# server and is never stopped.
# --detach: runs the services in the background (pids and logs under .run/services/); `npm stop` ends them.
# --instances N (or RCRP_INSTANCES): N processes of each service (default 1), to see scale-out at work: instance k
# of a service listens on its port + 100*(k-1) (intake 3001, 3101, ...) and is named <service>-k in logs and pid
# files (the first keeps the plain name). They share the database and the consumer groups: Kafka splits the
# partitions between them. The console forwards to the first instance of each service.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT_DIR"
SERVICES=(intake triage outcomes)
STATE_DIR="$ROOT_DIR/.run/services"
LIVE_TIMEOUT_SECONDS=60

log() { printf '[start] %s\n' "$*"; }
fail() { printf '[start] ERROR: %s\n' "$*" >&2; exit 1; }

DETACH=0
INSTANCES="${RCRP_INSTANCES:-1}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --detach | -d) DETACH=1 ;;
    --instances) INSTANCES="${2:-}"; shift ;;
    --instances=*) INSTANCES="${1#--instances=}" ;;
    *) fail "unknown option $1 (usage: npm start [-- --detach] [--instances N])" ;;
  esac
  shift
done
[[ "$INSTANCES" =~ ^[1-9]$ ]] || fail "--instances must be a number from 1 to 9"

# Everything this script runs and supervises: each instance of each service, then the console in front of them.
PROCESSES=()
for svc in "${SERVICES[@]}"; do
  PROCESSES+=("$svc")
  for ((instance = 2; instance <= INSTANCES; instance++)); do PROCESSES+=("$svc-$instance"); done
done
PROCESSES+=(console)
# intake-2 is an instance of intake: the app it runs, and which instance it is.
app_of() { echo "${1%-[0-9]}"; }
instance_of() { if [[ "$1" =~ -([0-9])$ ]]; then echo "${BASH_REMATCH[1]}"; else echo 1; fi; }

# Same precedence as libs/config: <SERVICE>_PORT, else the documented default (PORT is per-container only); each
# further instance 100 above the one before.
port_env_of() { echo "$(app_of "$1" | tr '[:lower:]' '[:upper:]')_PORT"; }
port_of() {
  local var base
  var="$(port_env_of "$1")"
  case "$(app_of "$1")" in
    intake) base="${!var:-3001}" ;; triage) base="${!var:-3002}" ;; outcomes) base="${!var:-3003}" ;;
    console) base="${!var:-3000}" ;;
  esac
  echo $((base + 100 * ($(instance_of "$1") - 1)))
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# 1. A detached stack that is still running would fight us for the ports.
for svc in "${PROCESSES[@]}"; do
  if [[ -f "$STATE_DIR/$svc.pid" ]] && pid_alive "$(cat "$STATE_DIR/$svc.pid")"; then
    fail "$svc is already running from an earlier 'npm start -- --detach' (pid $(cat "$STATE_DIR/$svc.pid")); run 'npm stop' first"
  fi
done
for svc in "${PROCESSES[@]}"; do
  port="$(port_of "$svc")"
  if port_open "$port"; then
    fail "port $port for $svc is already in use; stop what uses it or set $(port_env_of "$svc")"
  fi
done

# 2. Dependencies, secrets, infrastructure, schema, build.
if [[ ! -d node_modules ]]; then
  log "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
npx ts-node --transpile-only -r tsconfig-paths/register scripts/ensure-env.ts

[[ -f scripts/infra/up.sh ]] || fail "scripts/infra/up.sh is missing (the infrastructure scripts are not in this checkout)"
KAFKA_WAS_RUNNING=0
if bash scripts/infra/kafka.sh status >/dev/null 2>&1; then KAFKA_WAS_RUNNING=1; fi
bash scripts/infra/up.sh
log "migrating database rcrp"
npm run -s migrate -- --database rcrp

for svc in "${SERVICES[@]}"; do
  log "building $svc"
  npx nest build "$svc" >/dev/null || fail "building $svc failed (run 'npx nest build $svc' to see why)"
done
log "building the console (web app and server)"
mkdir -p .run
if ! npm run -s build:console >.run/build-console.log 2>&1; then
  tail -n 20 .run/build-console.log >&2
  fail "building the console failed (run 'npm run build:console' to see why)"
fi
# The bundle budget's line (issue 17): how much a browser downloads, gzipped.
grep -o 'console web app: .*' .run/build-console.log | sed 's/^/[start] /' || true

# 3. Start the services.
mkdir -p "$STATE_DIR"
declare -A PIDS=()
# Each service runs under scripts/supervise.sh, which restarts it with back-off if it exits unexpectedly (and
# says so in its log); $svc.pid is the supervisor, $svc.service.pid the service process itself.
if [[ "$DETACH" == 1 ]]; then
  for svc in "${PROCESSES[@]}"; do
    SUPERVISE_PID_FILE="$STATE_DIR/$svc.service.pid" NO_COLOR=1 nohup env "$(port_env_of "$svc")=$(port_of "$svc")" \
      bash scripts/supervise.sh "$svc" node "dist/apps/$(app_of "$svc")/main.js" >>"$STATE_DIR/$svc.log" 2>&1 &
    PIDS[$svc]=$!
    echo "${PIDS[$svc]}" >"$STATE_DIR/$svc.pid"
  done
else
  for svc in "${PROCESSES[@]}"; do
    # Process substitution keeps $! the supervisor (not sed), so we can signal it directly.
    # env execs the supervisor, so $! is still the supervisor's pid.
    SUPERVISE_PID_FILE="$STATE_DIR/$svc.service.pid" env "$(port_env_of "$svc")=$(port_of "$svc")" \
      bash scripts/supervise.sh "$svc" node "dist/apps/$(app_of "$svc")/main.js" > >(sed -u "s/^/[$svc] /") 2>&1 &
    PIDS[$svc]=$!
  done
fi

stop_services() {
  local svc
  for svc in "${PROCESSES[@]}"; do pid_alive "${PIDS[$svc]:-}" && kill -TERM "${PIDS[$svc]}" 2>/dev/null || true; done
  for _ in $(seq 1 100); do
    local alive=0
    for svc in "${PROCESSES[@]}"; do pid_alive "${PIDS[$svc]:-}" && alive=1; done
    [[ "$alive" == 0 ]] && break
    sleep 0.1
  done
  for svc in "${PROCESSES[@]}"; do
    pid_alive "${PIDS[$svc]:-}" || continue
    kill -KILL "${PIDS[$svc]}" 2>/dev/null || true
    kill -KILL "$(cat "$STATE_DIR/$svc.service.pid" 2>/dev/null)" 2>/dev/null || true
  done
  rm -f "$STATE_DIR"/*.pid
}

shutdown() {
  trap - INT TERM
  log "stopping the services and the console"
  stop_services
  if [[ "$KAFKA_WAS_RUNNING" == 0 ]]; then
    log "stopping Kafka (this run started it)"
    bash scripts/infra/kafka.sh stop || true
  fi
  exit "${1:-0}"
}
[[ "$DETACH" == 1 ]] || trap 'shutdown 0' INT TERM

# 4. Wait until each answers /health/live; a service that exits meanwhile has printed its one-line reason.
live() { node -e "fetch('http://127.0.0.1:$1/health/live').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; }
deadline=$((SECONDS + LIVE_TIMEOUT_SECONDS))
for svc in "${PROCESSES[@]}"; do
  until live "$(port_of "$svc")"; do
    if ! pid_alive "${PIDS[$svc]}"; then
      [[ "$DETACH" == 1 ]] && tail -n 5 "$STATE_DIR/$svc.log" >&2
      log "$svc exited during start-up"
      [[ "$DETACH" == 1 ]] && { stop_services; exit 1; }
      shutdown 1
    fi
    if ((SECONDS > deadline)); then
      log "$svc did not answer /health/live within ${LIVE_TIMEOUT_SECONDS}s"
      [[ "$DETACH" == 1 ]] && { stop_services; exit 1; }
      shutdown 1
    fi
    sleep 0.5
  done
done

log "all services are up. The console (sign in, then work the queue):"
printf '[start]   %-9s http://127.0.0.1:%s\n' console "$(port_of console)"
log "the APIs:"
for svc in "${PROCESSES[@]}"; do
  [[ "$svc" == console ]] && continue
  port="$(port_of "$svc")"
  printf '[start]   %-11s http://127.0.0.1:%s   docs: http://127.0.0.1:%s/docs\n' "$svc" "$port" "$port"
done
log "token for the APIs: npm run -s token -- --role clinician --sub nurse-17"

if [[ "$DETACH" == 1 ]]; then
  log "running in the background; logs in .run/services/<service>.log (and console.log); stop with 'npm stop'"
  exit 0
fi

log "press Ctrl-C to stop"
# Foreground: a crashed service is restarted by its supervisor; if a supervisor itself ends (it gives up only on a
# service that cannot start at all), stop the rest rather than leave a half system running.
while true; do
  for svc in "${PROCESSES[@]}"; do
    if ! pid_alive "${PIDS[$svc]}"; then
      log "$svc stopped and could not be restarted"
      shutdown 1
    fi
  done
  sleep 1 &
  wait $! || true
done
