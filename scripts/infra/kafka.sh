#!/usr/bin/env bash
# A real single-node Kafka (KRaft, broker+controller in one JVM) run from the Apache Kafka jars on Maven Central.
#
#   bash scripts/infra/kafka.sh start|stop|status|restart|ensure-topics
#
# Jars: fetched once by Maven (infra/kafka/pom.xml) into the git-ignored .cache/kafka/libs.
# Runtime: config, pid file, log and data under the git-ignored .run/kafka.
# Env: KAFKA_BROKERS (first entry is where the broker listens, default 127.0.0.1:9092; controller on port+1),
#      KAFKA_PARTITIONS (default 6), KAFKA_HEAP_OPTS (default -Xms256m -Xmx512m),
#      KAFKA_START_TIMEOUT / KAFKA_STOP_TIMEOUT in seconds (default 90 / 30),
#      KAFKA_RUN_DIR (default .run/kafka; tests use it to run a second, isolated broker).
set -euo pipefail
LOG_TAG=kafka
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_HOST="$(kafka_host)"
KAFKA_PORT="$(kafka_port)"
CONTROLLER_PORT="$((KAFKA_PORT + 1))"
KAFKA_RUN="${KAFKA_RUN_DIR:-$RUN_DIR/kafka}"
KAFKA_LIBS="$CACHE_DIR/kafka/libs"
PID_FILE="$KAFKA_RUN/kafka.pid"
LOG_FILE="$KAFKA_RUN/kafka.log"
CONFIG_FILE="$KAFKA_RUN/server.properties"
DATA_DIR="$KAFKA_RUN/data"
POM="$ROOT_DIR/infra/kafka/pom.xml"
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM")"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

require_java() {
  command -v java >/dev/null 2>&1 || fail "Java 17 not found (install openjdk-17-jre-headless, or run scripts/infra/up.sh which does)"
  local major
  major="$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
  [[ -n "$major" && "$major" -ge 17 ]] || fail "Java 17 not found (java -version reports '${major:-unknown}'; Kafka $KAFKA_VERSION needs 17+)"
}

# Fetch the broker jars once; the marker names the version so a version bump in the pom re-fetches.
fetch_jars() {
  local marker="$KAFKA_LIBS/.fetched-$KAFKA_VERSION"
  [[ -f "$marker" ]] && return 0
  command -v mvn >/dev/null 2>&1 || fail "Maven not found: it is needed once to fetch Kafka $KAFKA_VERSION (install maven, or run scripts/infra/up.sh which does)"
  log "fetching org.apache.kafka:kafka_2.13:$KAFKA_VERSION and its runtime jars from Maven Central (first run only)..."
  local started fetch_log="$CACHE_DIR/kafka/fetch.log"
  started=$(date +%s)
  rm -rf "$KAFKA_LIBS"
  mkdir -p "$KAFKA_LIBS"
  local downloaded=0 rc=0
  # Print a progress line every 25 downloaded artifacts instead of Maven's full transfer log.
  set +e
  mvn -B -f "$POM" -Dmaven.repo.local="$CACHE_DIR/m2" -DoutputDirectory="$KAFKA_LIBS" \
    dependency:copy-dependencies 2>&1 | tee "$fetch_log" | while IFS= read -r line; do
      case "$line" in
        *"Downloaded from"*)
          downloaded=$((downloaded + 1))
          (( downloaded % 25 == 0 )) && log "  ... $downloaded artifacts downloaded"
          ;;
        *"[ERROR]"*) echo "$line" >&2 ;;
      esac
    done
  rc=${PIPESTATUS[0]}
  set -e
  if [[ $rc -ne 0 ]] || ! compgen -G "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null; then
    tail -n 30 "$fetch_log" >&2 || true
    rm -rf "$KAFKA_LIBS"
    fail "Maven could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION (is Maven Central reachable? full log: $fetch_log)"
  fi
  touch "$marker"
  log "fetched $(ls "$KAFKA_LIBS"/*.jar | wc -l) jars into .cache/kafka/libs in $(( $(date +%s) - started ))s"
}

render_config() {
  mkdir -p "$KAFKA_RUN" "$DATA_DIR"
  sed -e "s|@HOST@|$KAFKA_HOST|g" -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
    -e "s|@LOG_DIR@|$DATA_DIR|g" -e "s|@PARTITIONS@|${KAFKA_PARTITIONS:-6}|g" \
    "$ROOT_DIR/infra/kafka/server.properties.template" >"$CONFIG_FILE"
}

java_command() {
  # shellcheck disable=SC2206 # KAFKA_HEAP_OPTS is a list of JVM flags on purpose
  JAVA_COMMAND=(java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$ROOT_DIR/infra/kafka/log4j.properties" "-Dkafka.logs.dir=$KAFKA_RUN/logs"
    -cp "$KAFKA_LIBS/*" "$@")
}

kafka_java() {
  java_command "$@"
  "${JAVA_COMMAND[@]}"
}

# KRaft storage is formatted exactly once per data dir (it holds the cluster id).
format_storage() {
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  local cluster_id
  cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  [[ -n "$cluster_id" ]] || fail "could not generate a cluster id with kafka.tools.StorageTool"
  log "formatting KRaft storage in $DATA_DIR (cluster id $cluster_id)"
  kafka_java kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" -c "$CONFIG_FILE" >>"$KAFKA_RUN/format.log" 2>&1 \
    || { tail -n 20 "$KAFKA_RUN/format.log" >&2; fail "formatting KRaft storage failed"; }
}

# A pid counts only if that process is alive AND is our broker (pids are reused after a crash or reboot).
is_our_broker() {
  local pid="$1"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "kafka.Kafka $CONFIG_FILE"
}

running_pid() {
  local pid=""
  [[ -f "$PID_FILE" ]] && pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  if is_our_broker "$pid"; then echo "$pid"; return 0; fi
  # Pid file lost (for example .run removed by hand) while our broker still runs: adopt it rather than start a second.
  local dir
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    if is_our_broker "$pid"; then mkdir -p "$KAFKA_RUN"; echo "$pid" >"$PID_FILE"; echo "$pid"; return 0; fi
  done
  return 1
}

wait_until_ready() {
  local pid="$1" deadline=$(( $(date +%s) + START_TIMEOUT ))
  while (( $(date +%s) < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      fail "broker exited during start (log above, full log $LOG_FILE)"
    fi
    if port_open "$KAFKA_HOST" "$KAFKA_PORT" && grep -q "Kafka Server started" "$LOG_FILE" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  tail -n 40 "$LOG_FILE" >&2 || true
  stop_broker >/dev/null 2>&1 || true
  fail "broker did not answer on $KAFKA_HOST:$KAFKA_PORT within ${START_TIMEOUT}s (log above, full log $LOG_FILE)"
}

start_broker() {
  local pid
  if pid="$(running_pid)"; then
    log "already running (pid $pid) on $KAFKA_HOST:$KAFKA_PORT"
    return 0
  fi
  if [[ -f "$PID_FILE" ]]; then
    log "pid file names a dead process (pid $(cat "$PID_FILE")): the broker crashed or was killed; restarting it"
    rm -f "$PID_FILE"
  fi
  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    fail "port $KAFKA_HOST:$KAFKA_PORT is in use by another process (not this project's broker); stop it or set KAFKA_BROKERS"
  fi
  if port_open "$KAFKA_HOST" "$CONTROLLER_PORT"; then
    fail "controller port $KAFKA_HOST:$CONTROLLER_PORT is in use by another process; stop it or set KAFKA_BROKERS"
  fi
  require_java
  fetch_jars
  render_config
  format_storage
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  log "starting Kafka $KAFKA_VERSION on $KAFKA_HOST:$KAFKA_PORT (controller $CONTROLLER_PORT), log $LOG_FILE"
  local started
  started=$(date +%s)
  # setsid: the broker outlives the shell (and the test run) that started it; `stop` / down.sh end it. Every
  # descriptor above 2 is closed: a broker started under `flock <lock> <command>` would otherwise hold the lock for
  # as long as it runs.
  # The inner bash writes its own pid and then becomes java via exec, so the pid file names the JVM itself.
  java_command kafka.Kafka "$CONFIG_FILE"
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' launcher "$PID_FILE" "${JAVA_COMMAND[@]}" \
    >"$LOG_FILE" 2>&1 </dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  for _ in $(seq 1 50); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
  pid="$(cat "$PID_FILE")"
  wait_until_ready "$pid"
  log "ready (pid $pid) in $(( $(date +%s) - started ))s"
}

stop_broker() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$(( $(date +%s) + STOP_TIMEOUT ))
  while kill -0 "$pid" 2>/dev/null && (( $(date +%s) < deadline )); do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    log "did not stop within ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

status_broker() {
  local pid
  if pid="$(running_pid)"; then
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      log "running (pid $pid) on $KAFKA_HOST:$KAFKA_PORT"
    else
      log "process running (pid $pid) but $KAFKA_HOST:$KAFKA_PORT does not answer yet"
    fi
    return 0
  fi
  [[ -f "$PID_FILE" ]] && log "not running (stale pid file: the broker crashed or was killed)" || log "not running"
  return 3
}

ensure_topics() {
  (cd "$ROOT_DIR" && node_modules/.bin/ts-node --transpile-only -r tsconfig-paths/register scripts/infra/ensure-topics.ts)
}

# Serialise start/stop: several engineers and test runs share this machine and this work tree.
with_lock() {
  mkdir -p "$KAFKA_RUN"
  exec 9>"$KAFKA_RUN/.lock"
  flock -w 300 9 || fail "timed out waiting for another kafka.sh to finish"
  "$@"
}

case "${1:-}" in
  start) with_lock start_broker ;;
  stop) with_lock stop_broker ;;
  restart) with_lock stop_broker && with_lock start_broker ;;
  status) status_broker ;;
  ensure-topics) ensure_topics ;;
  *) echo "usage: $0 start|stop|status|restart|ensure-topics" >&2; exit 2 ;;
esac
