#!/usr/bin/env bash
# A real single-node Kafka (KRaft, broker+controller in one JVM) run from the Apache Kafka jars on Maven Central,
# or on demand a three-node KRaft cluster on loopback ports (KAFKA_CLUSTER=3).
#
#   bash scripts/infra/kafka.sh start|stop|status|restart|ensure-topics
#   KAFKA_CLUSTER=3 bash scripts/infra/kafka.sh start|stop|status|restart|ensure-topics|stop-node N|start-node N
#
# Jars: fetched once by Maven (infra/kafka/pom.xml) into the git-ignored .cache/kafka/libs.
# Runtime: config, pid file, log and data under the git-ignored .run/kafka.
# Env: KAFKA_BROKERS (first entry is where the broker listens, default 127.0.0.1:9092; controller on port+1),
#      KAFKA_PARTITIONS (default 6), KAFKA_HEAP_OPTS (default -Xms256m -Xmx512m),
#      KAFKA_START_TIMEOUT / KAFKA_STOP_TIMEOUT in seconds (default 90 / 30),
#      KAFKA_RUN_DIR (default .run/kafka; tests use it to run a second, isolated broker).
# KAFKA_CLUSTER=3: three nodes, each broker and controller (a quorum of three voters), listening on the three entries of
#      KAFKA_BROKERS (default 127.0.0.1:29092,127.0.0.1:29094,127.0.0.1:29096; each controller on port+1), run dir
#      KAFKA_RUN_DIR (default .run/kafka-cluster, a node-N folder each, one cluster id). Topics get replication
#      factor 3 and min.insync.replicas=2: with acks=all (our only producer) a write is acknowledged once two nodes
#      hold it, so one node can stop without losing or refusing anything. stop-node N / start-node N stop and start
#      one node (the broker-failure test). The single broker stays the default for npm start and npm test.
set -euo pipefail
LOG_TAG=kafka
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CLUSTER_SIZE="${KAFKA_CLUSTER:-1}"
[[ "$CLUSTER_SIZE" == 1 || "$CLUSTER_SIZE" == 3 ]] || fail "KAFKA_CLUSTER must be 1 (one broker) or 3 (a cluster), got '$CLUSTER_SIZE'"
if [[ "$CLUSTER_SIZE" == 3 ]]; then
  export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:29092,127.0.0.1:29094,127.0.0.1:29096}"
  KAFKA_RUN="${KAFKA_RUN_DIR:-$RUN_DIR/kafka-cluster}"
  MIN_ISR=2
else
  KAFKA_RUN="${KAFKA_RUN_DIR:-$RUN_DIR/kafka}"
  MIN_ISR=1
fi
IFS=',' read -r -a BROKER_LIST <<<"${KAFKA_BROKERS:-127.0.0.1:9092}"
if [[ "$CLUSTER_SIZE" == 3 && "${#BROKER_LIST[@]}" != 3 ]]; then
  fail "KAFKA_CLUSTER=3 needs three host:port entries in KAFKA_BROKERS, got '${KAFKA_BROKERS}'"
fi
# Every voter of the quorum, node N on the controller port of the N-th entry.
VOTERS=""
for ((node = 1; node <= CLUSTER_SIZE; node++)); do
  entry="${BROKER_LIST[node - 1]}"
  VOTERS="${VOTERS:+$VOTERS,}$node@${entry%:*}:$((${entry##*:} + 1))"
done

# The node the functions below work on: its address and its files (one broker: the run dir itself, as always).
select_node() {
  NODE_ID="$1"
  if [[ "$CLUSTER_SIZE" == 3 ]]; then LOG_TAG="kafka-$NODE_ID"; fi
  local entry="${BROKER_LIST[NODE_ID - 1]}"
  KAFKA_HOST="${entry%:*}"
  KAFKA_PORT="${entry##*:}"
  CONTROLLER_PORT="$((KAFKA_PORT + 1))"
  if [[ "$CLUSTER_SIZE" == 3 ]]; then NODE_DIR="$KAFKA_RUN/node-$NODE_ID"; else NODE_DIR="$KAFKA_RUN"; fi
  PID_FILE="$NODE_DIR/kafka.pid"
  LOG_FILE="$NODE_DIR/kafka.log"
  CONFIG_FILE="$NODE_DIR/server.properties"
  DATA_DIR="$NODE_DIR/data"
}
select_node 1
KAFKA_LIBS="$CACHE_DIR/kafka/libs"
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
  mkdir -p "$NODE_DIR" "$DATA_DIR"
  sed -e "s|@HOST@|$KAFKA_HOST|g" -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$CONTROLLER_PORT|g" \
    -e "s|@LOG_DIR@|$DATA_DIR|g" -e "s|@PARTITIONS@|${KAFKA_PARTITIONS:-6}|g" \
    -e "s|@NODE_ID@|$NODE_ID|g" -e "s|@VOTERS@|$VOTERS|g" -e "s|@REPLICATION@|$CLUSTER_SIZE|g" \
    -e "s|@MIN_ISR@|$MIN_ISR|g" \
    "$ROOT_DIR/infra/kafka/server.properties.template" >"$CONFIG_FILE"
}

java_command() {
  # shellcheck disable=SC2206 # KAFKA_HEAP_OPTS is a list of JVM flags on purpose
  JAVA_COMMAND=(java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$ROOT_DIR/infra/kafka/log4j.properties" "-Dkafka.logs.dir=$NODE_DIR/logs"
    -cp "$KAFKA_LIBS/*" "$@")
}

kafka_java() {
  java_command "$@"
  "${JAVA_COMMAND[@]}"
}

# KRaft storage is formatted exactly once per data dir (it holds the cluster id; the nodes of a cluster share one).
format_storage() {
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  local cluster_id
  if [[ "$CLUSTER_SIZE" == 3 && -s "$KAFKA_RUN/cluster.id" ]]; then cluster_id="$(cat "$KAFKA_RUN/cluster.id")"; fi
  [[ -n "${cluster_id:-}" ]] || cluster_id="$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  [[ -n "$cluster_id" ]] || fail "could not generate a cluster id with kafka.tools.StorageTool"
  [[ "$CLUSTER_SIZE" == 3 ]] && echo "$cluster_id" >"$KAFKA_RUN/cluster.id"
  log "formatting KRaft storage in $DATA_DIR (cluster id $cluster_id)"
  kafka_java kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" -c "$CONFIG_FILE" >>"$NODE_DIR/format.log" 2>&1 \
    || { tail -n 20 "$NODE_DIR/format.log" >&2; fail "formatting KRaft storage failed"; }
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
    if is_our_broker "$pid"; then mkdir -p "$NODE_DIR"; echo "$pid" >"$PID_FILE"; echo "$pid"; return 0; fi
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

# Starts the selected node's JVM and returns at once: LAUNCHED_PID is its pid, empty when it was already running.
launch_broker() {
  local pid
  LAUNCHED_PID=""
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
  LAUNCHED_AT=$(date +%s)
  # setsid: the broker outlives the shell (and the test run) that started it; `stop` / down.sh end it. Every
  # descriptor above 2 is closed: a broker started under `flock <lock> <command>` would otherwise hold the lock for
  # as long as it runs.
  # The inner bash writes its own pid and then becomes java via exec, so the pid file names the JVM itself.
  java_command kafka.Kafka "$CONFIG_FILE"
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' launcher "$PID_FILE" "${JAVA_COMMAND[@]}" \
    >"$LOG_FILE" 2>&1 </dev/null 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  for _ in $(seq 1 50); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
  LAUNCHED_PID="$(cat "$PID_FILE")"
}

start_broker() {
  launch_broker
  [[ -n "$LAUNCHED_PID" ]] || return 0
  wait_until_ready "$LAUNCHED_PID"
  log "ready (pid $LAUNCHED_PID) in $(( $(date +%s) - LAUNCHED_AT ))s"
}

# Every node is launched before any is waited for: a node finishes starting only once a majority of the quorum runs.
start_all() {
  local node pids=()
  for ((node = 1; node <= CLUSTER_SIZE; node++)); do
    select_node "$node"
    launch_broker
    pids+=("$LAUNCHED_PID")
  done
  for ((node = 1; node <= CLUSTER_SIZE; node++)); do
    select_node "$node"
    [[ -n "${pids[node - 1]}" ]] || continue
    wait_until_ready "${pids[node - 1]}"
    log "ready (pid ${pids[node - 1]}) in $(( $(date +%s) - LAUNCHED_AT ))s"
  done
}

each_node() {
  local node status=0
  for ((node = 1; node <= CLUSTER_SIZE; node++)); do
    select_node "$node"
    "$@" || status=$?
  done
  return "$status"
}

# stop-node N / start-node N: one node of the cluster (the others keep the quorum and the partitions' leaders).
one_node() {
  local action="$1" node="${2:-}"
  [[ "$CLUSTER_SIZE" == 3 ]] || fail "$action-node is for the cluster (KAFKA_CLUSTER=3)"
  [[ "$node" =~ ^[1-3]$ ]] || fail "$action-node needs a node number, 1 to 3"
  select_node "$node"
  if [[ "$action" == stop ]]; then stop_broker; else start_broker; fi
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
  await_stop "$pid"
}

# Waits for the selected node's JVM to end after SIGTERM; SIGKILL after STOP_TIMEOUT.
await_stop() {
  local pid="$1"
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

# The whole cluster at once: a node stopped last, alone, waits in vain for a quorum to shut down in order.
stop_all() {
  local node pids=()
  for ((node = 1; node <= CLUSTER_SIZE; node++)); do
    select_node "$node"
    local pid=""
    if pid="$(running_pid)"; then
      log "stopping (pid $pid)..."
      kill -TERM "$pid" 2>/dev/null || true
    else
      rm -f "$PID_FILE"
      log "not running"
    fi
    pids+=("$pid")
  done
  for ((node = 1; node <= CLUSTER_SIZE; node++)); do
    select_node "$node"
    [[ -n "${pids[node - 1]}" ]] && await_stop "${pids[node - 1]}"
  done
  return 0
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
  (cd "$ROOT_DIR" && KAFKA_REPLICATION_FACTOR="$CLUSTER_SIZE" \
    node_modules/.bin/ts-node --transpile-only -r tsconfig-paths/register scripts/infra/ensure-topics.ts)
}

# Serialise start/stop: several engineers and test runs share this machine and this work tree.
with_lock() {
  mkdir -p "$KAFKA_RUN"
  exec 9>"$KAFKA_RUN/.lock"
  flock -w 300 9 || fail "timed out waiting for another kafka.sh to finish"
  "$@"
}

case "${1:-}" in
  start) with_lock start_all ;;
  stop) with_lock stop_all ;;
  restart) with_lock stop_all && with_lock start_all ;;
  status) each_node status_broker ;;
  ensure-topics) ensure_topics ;;
  stop-node | start-node) with_lock one_node "${1%-node}" "${2:-}" ;;
  *) echo "usage: $0 start|stop|status|restart|ensure-topics|stop-node N|start-node N" >&2; exit 2 ;;
esac
