# Shared helpers for the scripts in scripts/infra (sourced, not executed).

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE_DIR="$ROOT_DIR/.cache"
RUN_DIR="$ROOT_DIR/.run"

log() { printf '[%s] %s\n' "${LOG_TAG:-infra}" "$*"; }
fail() { printf '[%s] ERROR: %s\n' "${LOG_TAG:-infra}" "$*" >&2; exit 1; }

# Plain bash port probe: lsof/ss/nc are not guaranteed on every machine of ours.
port_open() {
  local host="$1" port="$2"
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# KAFKA_BROKERS is the one knob (comma list); the local broker listens on the first entry.
kafka_host() { local first="${KAFKA_BROKERS:-127.0.0.1:9092}"; first="${first%%,*}"; echo "${first%:*}"; }
kafka_port() { local first="${KAFKA_BROKERS:-127.0.0.1:9092}"; first="${first%%,*}"; echo "${first##*:}"; }
