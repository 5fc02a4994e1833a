#!/usr/bin/env bash
# scripts/supervise.sh NAME COMMAND... : runs one service of `npm start` and restarts it when it exits unexpectedly.
#
# A local run must not be left half-dead by a bug we have not found yet (issue 21): the crash is logged, the
# service is started again after 1 s, then 2, 4 ... at most 30 s between tries (back to 1 s once a run has lasted a
# minute). Not restarted: a stop we asked for (SIGTERM/SIGINT to this script is passed on to the service, which
# shuts down gracefully, and then this script exits 0), and a failure during the first start-up (exit within
# STARTUP_GRACE_SECONDS: a wrong setting, a port in use), which is the service's one-line diagnosis and is
# returned as this script's exit code.
# SUPERVISE_PID_FILE: where the running service's own pid is written (it changes with each restart).
set -uo pipefail
name="$1"
shift
STARTUP_GRACE_SECONDS="${STARTUP_GRACE_SECONDS:-15}"
child=""
stopping=0
forward_stop() {
  stopping=1
  [[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null
}
trap forward_stop TERM INT

say() { printf '%s [supervise] %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }

delay=1
first=1
while true; do
  started=$SECONDS
  "$@" &
  child=$!
  [[ -n "${SUPERVISE_PID_FILE:-}" ]] && echo "$child" >"$SUPERVISE_PID_FILE"
  code=0
  wait "$child" || code=$?
  # A trapped signal ends `wait` early: wait again until the service has finished its graceful stop.
  while kill -0 "$child" 2>/dev/null; do
    code=0
    wait "$child" || code=$?
  done
  [[ "$stopping" == 1 ]] && exit 0
  ran=$((SECONDS - started))
  if [[ "$first" == 1 && "$ran" -lt "$STARTUP_GRACE_SECONDS" && "$code" != 0 ]]; then
    say "$name failed to start (exit code $code); not restarting"
    exit "$code"
  fi
  first=0
  ((ran >= 60)) && delay=1
  say "$name exited unexpectedly (exit code $code after ${ran}s); restarting in ${delay}s"
  sleep "$delay" &
  wait $! 2>/dev/null
  [[ "$stopping" == 1 ]] && exit 0
  delay=$((delay * 2 > 30 ? 30 : delay * 2))
done
