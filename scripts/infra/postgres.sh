#!/usr/bin/env bash
# Makes the local PostgreSQL ready for the project, idempotently:
#   - starts the server on 127.0.0.1:5432 if it is down and waits until it accepts connections;
#   - roles: rcrp_owner (runs migrations, owns schemas) and the non-owner app roles rcrp_intake, rcrp_triage,
#     rcrp_outcomes (LOGIN, password = role name);
#   - databases rcrp (running system) and rcrp_test (tests), owned by rcrp_owner;
#   - in each database, schemas intake, triage, outcomes owned by rcrp_owner, USAGE only for the matching app role;
#   - with RCRP_RESET_TEST_DATABASE=1 (npm test), rcrp_test is dropped and made anew first (RCRP_RESET_DATABASE=<name>:
#     that database instead);
#   - RCRP_DATABASES="<name> ..." sets up those databases instead (the schema snapshot test's fresh one).
set -euo pipefail
LOG_TAG=postgres
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_HOST=127.0.0.1
PG_PORT=5432
SERVICES=(intake triage outcomes)
read -r -a DATABASES <<<"${RCRP_DATABASES:-rcrp rcrp_test}"

start_if_down() {
  if pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then
    return 0
  fi
  command -v pg_ctlcluster >/dev/null 2>&1 || fail "PostgreSQL is not running on $PG_HOST:$PG_PORT and pg_ctlcluster is missing (install postgresql, version 15)"
  local version
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)"
  [[ -n "$version" ]] || fail "PostgreSQL is not running and no cluster exists under /etc/postgresql"
  log "PostgreSQL $version is down; starting it"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || fail "could not start PostgreSQL $version (see /var/log/postgresql/postgresql-$version-main.log)"
  for _ in $(seq 1 60); do
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" && { log "PostgreSQL is up"; return 0; }
    sleep 0.5
  done
  fail "PostgreSQL did not accept connections on $PG_HOST:$PG_PORT within 30s"
}

# The superuser connection: trust over TCP where configured, else peer auth as the postgres OS user.
SUPERUSER_PSQL=()
find_superuser() {
  if psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    SUPERUSER_PSQL=(psql -h "$PG_HOST" -p "$PG_PORT" -U postgres)
  elif [[ $(id -u) -eq 0 ]] && runuser -u postgres -- psql -p "$PG_PORT" -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    SUPERUSER_PSQL=(runuser -u postgres -- psql -p "$PG_PORT")
  elif sudo -n -u postgres psql -p "$PG_PORT" -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    SUPERUSER_PSQL=(sudo -n -u postgres psql -p "$PG_PORT")
  else
    fail "cannot connect to PostgreSQL as superuser (tried psql -h $PG_HOST -U postgres, and as the postgres OS user)"
  fi
}

superuser_sql() {
  local database="$1"
  # Quiet the "already exists, skipping" notices of the idempotent statements.
  PGOPTIONS='-c client_min_messages=warning' "${SUPERUSER_PSQL[@]}" -d "$database" -v ON_ERROR_STOP=1 -q -X
}

create_roles() {
  superuser_sql postgres <<'SQL'
DO $$
DECLARE
  role_name text;
BEGIN
  FOREACH role_name IN ARRAY ARRAY['rcrp_owner', 'rcrp_intake', 'rcrp_triage', 'rcrp_outcomes'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = role_name) THEN
      EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', role_name, role_name);
    END IF;
    -- Re-assert the pinned attributes: a role left over from an older setup must not keep extra powers.
    EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
                   role_name, role_name);
    -- The relays and projections read gap-safely: nothing committed after the oldest running transaction of the
    -- cluster is visible to them. A session left idle inside a transaction would stall them all, so end it.
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', role_name, '60s');
  END LOOP;
END
$$;
SQL
}

create_databases() {
  local database
  for database in "${DATABASES[@]}"; do
    superuser_sql postgres <<SQL
SELECT format('CREATE DATABASE %I OWNER rcrp_owner', '$database')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$database') \gexec
ALTER DATABASE "$database" OWNER TO rcrp_owner;
-- Tests create throw-away schemas as the owner.
GRANT CONNECT, CREATE, TEMPORARY ON DATABASE "$database" TO rcrp_owner;
SQL
  done
}

create_schemas() {
  local database service
  for database in "${DATABASES[@]}"; do
    {
      echo 'REVOKE CREATE ON SCHEMA public FROM PUBLIC;'
      for service in "${SERVICES[@]}"; do
        cat <<SQL
CREATE SCHEMA IF NOT EXISTS "$service" AUTHORIZATION rcrp_owner;
ALTER SCHEMA "$service" OWNER TO rcrp_owner;
-- Only the matching app role may even look inside (DESIGN §1: no service reads another's schema).
REVOKE ALL ON SCHEMA "$service" FROM PUBLIC;
GRANT USAGE ON SCHEMA "$service" TO "rcrp_$service";
SQL
        local other
        for other in "${SERVICES[@]}"; do
          [[ "$other" == "$service" ]] || echo "REVOKE ALL ON SCHEMA \"$service\" FROM \"rcrp_$other\";"
        done
      done
    } | superuser_sql "$database"
  done
}

# npm test starts from an empty test database, so no result depends on what an earlier run left behind.
# RCRP_RESET_DATABASE=<name> does the same for another one (npm run bench:e2e's rcrp_bench).
reset_test_database() {
  local database="${RCRP_RESET_DATABASE:-}"
  [[ -z "$database" && "${RCRP_RESET_TEST_DATABASE:-0}" == 1 ]] && database=rcrp_test
  [[ -n "$database" ]] || return 0
  [[ "$database" =~ ^[a-z_][a-z0-9_]*$ ]] || fail "RCRP_RESET_DATABASE must be a plain database name"
  [[ "$database" != rcrp ]] || fail "RCRP_RESET_DATABASE may not name rcrp, the running system's database"
  log "dropping $database for a fresh run"
  superuser_sql postgres <<SQL
DROP DATABASE IF EXISTS "$database" WITH (FORCE);
SQL
}

start_if_down
find_superuser
create_roles
reset_test_database
create_databases
create_schemas
log "roles, databases (${DATABASES[*]}) and schemas (${SERVICES[*]}) are in place on $PG_HOST:$PG_PORT"
