-- docker-compose only: the same roles, databases and schemas scripts/infra/postgres.sh creates on a machine.
-- Runs once, as the image's superuser, when the PostgreSQL volume is first initialised.
CREATE ROLE rcrp_owner LOGIN PASSWORD 'rcrp_owner';
CREATE ROLE rcrp_intake LOGIN PASSWORD 'rcrp_intake';
CREATE ROLE rcrp_triage LOGIN PASSWORD 'rcrp_triage';
CREATE ROLE rcrp_outcomes LOGIN PASSWORD 'rcrp_outcomes';

CREATE DATABASE rcrp OWNER rcrp_owner;
CREATE DATABASE rcrp_test OWNER rcrp_owner;

\connect rcrp
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA intake AUTHORIZATION rcrp_owner;
CREATE SCHEMA triage AUTHORIZATION rcrp_owner;
CREATE SCHEMA outcomes AUTHORIZATION rcrp_owner;
GRANT USAGE ON SCHEMA intake TO rcrp_intake;
GRANT USAGE ON SCHEMA triage TO rcrp_triage;
GRANT USAGE ON SCHEMA outcomes TO rcrp_outcomes;

\connect rcrp_test
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA intake AUTHORIZATION rcrp_owner;
CREATE SCHEMA triage AUTHORIZATION rcrp_owner;
CREATE SCHEMA outcomes AUTHORIZATION rcrp_owner;
GRANT USAGE ON SCHEMA intake TO rcrp_intake;
GRANT USAGE ON SCHEMA triage TO rcrp_triage;
GRANT USAGE ON SCHEMA outcomes TO rcrp_outcomes;
