#!/usr/bin/env bash
# Brings up everything the services and tests need, idempotently: Java 17 + Maven (installed with apt-get on a
# fresh machine of our kind if missing), PostgreSQL with the project's roles/databases/schemas, one Kafka broker,
# and the system's topics. Safe to run again while everything is already up.
set -euo pipefail
LOG_TAG=up
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

install_missing_tools() {
  local packages=()
  command -v java >/dev/null 2>&1 || packages+=(openjdk-17-jre-headless)
  # Maven is needed only until the Kafka jars are cached.
  if ! command -v mvn >/dev/null 2>&1 && ! compgen -G "$CACHE_DIR/kafka/libs/.fetched-*" >/dev/null; then
    packages+=(maven)
  fi
  [[ ${#packages[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null 2>&1 || fail "missing ${packages[*]} and no apt-get to install them: install Java 17 and Maven"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
  log "installing ${packages[*]} with apt-get (Java 17 runs Kafka; Maven fetches its jars once)..."
  "${sudo[@]}" apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" \
    || fail "apt-get could not install ${packages[*]}"
}

started=$(date +%s)
install_missing_tools
bash "$ROOT_DIR/scripts/infra/postgres.sh"
bash "$ROOT_DIR/scripts/infra/kafka.sh" start
bash "$ROOT_DIR/scripts/infra/kafka.sh" ensure-topics
log "infrastructure ready in $(( $(date +%s) - started ))s (PostgreSQL 127.0.0.1:5432, Kafka ${KAFKA_BROKERS:-127.0.0.1:9092})"
