CREATE SCHEMA triage;
ALTER SCHEMA triage OWNER TO rcrp_owner;
CREATE FUNCTION triage.dead_letter_decisions_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           RAISE EXCEPTION 'dead-letter decisions are append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$;
ALTER FUNCTION triage.dead_letter_decisions_refuse_change() OWNER TO rcrp_owner;
CREATE FUNCTION triage.events_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           IF current_setting('rcrp.events_notify', true) = 'after-commit' THEN
             RETURN NULL;
           END IF;
           PERFORM pg_notify('triage_events', '');
           RETURN NULL;
         END
         $$;
ALTER FUNCTION triage.events_notify() OWNER TO rcrp_owner;
CREATE FUNCTION triage.events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           RAISE EXCEPTION 'events are immutable: % on %.% is refused (append a correcting event instead)',
             TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$;
ALTER FUNCTION triage.events_refuse_change() OWNER TO rcrp_owner;
CREATE FUNCTION triage.read_audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           RAISE EXCEPTION 'the read audit is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$;
ALTER FUNCTION triage.read_audit_refuse_change() OWNER TO rcrp_owner;
CREATE TABLE triage.dead_letter_decisions (
    "position" bigint NOT NULL,
    decided_at timestamp with time zone DEFAULT now() NOT NULL,
    consumer_group text NOT NULL,
    dead_letter text NOT NULL,
    source text NOT NULL,
    incident_key text,
    event_id uuid,
    decision text NOT NULL,
    redrive_id uuid,
    actor text NOT NULL,
    reason text,
    CONSTRAINT dead_letter_decisions_actor_check CHECK ((actor <> ''::text)),
    CONSTRAINT dead_letter_decisions_check CHECK (((decision = 'redriven'::text) OR (reason <> ''::text))),
    CONSTRAINT dead_letter_decisions_decision_check CHECK ((decision = ANY (ARRAY['redriven'::text, 'skipped'::text])))
);
ALTER TABLE triage.dead_letter_decisions OWNER TO rcrp_owner;
COMMENT ON TABLE triage.dead_letter_decisions IS 'Who redrove or skipped which dead letter, when and why (issue 20). Append-only.';
ALTER TABLE triage.dead_letter_decisions ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME triage.dead_letter_decisions_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE triage.erased_subjects (
    subject_ref text NOT NULL,
    erased_at timestamp with time zone DEFAULT now() NOT NULL,
    legal_basis text NOT NULL,
    reason text NOT NULL,
    CONSTRAINT erased_subjects_legal_basis_check CHECK ((legal_basis <> ''::text)),
    CONSTRAINT erased_subjects_reason_check CHECK ((reason <> ''::text))
);
ALTER TABLE triage.erased_subjects OWNER TO rcrp_owner;
CREATE TABLE triage.events (
    "position" bigint NOT NULL,
    stream_id text NOT NULL,
    stream_version integer NOT NULL,
    event_id uuid NOT NULL,
    type text NOT NULL,
    schema_version integer NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    tx_id xid8 DEFAULT pg_current_xact_id() NOT NULL,
    hash bytea NOT NULL,
    CONSTRAINT events_hash_check CHECK ((length(hash) = 32)),
    CONSTRAINT events_schema_version_check CHECK ((schema_version >= 1)),
    CONSTRAINT events_stream_id_check CHECK ((stream_id <> ''::text)),
    CONSTRAINT events_stream_version_check CHECK ((stream_version >= 1)),
    CONSTRAINT events_type_check CHECK ((type <> ''::text))
);
ALTER TABLE triage.events OWNER TO rcrp_owner;
COMMENT ON TABLE triage.events IS 'Append-only event store (DESIGN §2). UPDATE, DELETE and TRUNCATE are refused by triggers; corrections are new events.';
ALTER TABLE triage.events ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME triage.events_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE triage.inbox (
    event_id uuid NOT NULL,
    topic text NOT NULL,
    partition integer NOT NULL,
    "offset" bigint NOT NULL,
    processed_at timestamp with time zone DEFAULT now() NOT NULL,
    dedupe_key text
);
ALTER TABLE triage.inbox OWNER TO rcrp_owner;
CREATE TABLE triage.migrations (
    id integer NOT NULL,
    "timestamp" bigint NOT NULL,
    name character varying NOT NULL
);
ALTER TABLE triage.migrations OWNER TO rcrp_owner;
CREATE SEQUENCE triage.migrations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER TABLE triage.migrations_id_seq OWNER TO rcrp_owner;
ALTER SEQUENCE triage.migrations_id_seq OWNED BY triage.migrations.id;
CREATE TABLE triage.parked (
    consumer_group text NOT NULL,
    topic text NOT NULL,
    incident_key text NOT NULL,
    dead_letter text NOT NULL,
    source_partition integer NOT NULL,
    source_offset bigint NOT NULL,
    reason text NOT NULL,
    parked_at timestamp with time zone DEFAULT now() NOT NULL,
    held integer DEFAULT 0 NOT NULL,
    release_id uuid,
    release_started_at timestamp with time zone,
    held_during_release integer DEFAULT 0 NOT NULL
);
ALTER TABLE triage.parked OWNER TO rcrp_owner;
CREATE TABLE triage.projection_checkpoints (
    name text NOT NULL,
    tx_id xid8,
    "position" bigint,
    events_applied bigint DEFAULT 0 NOT NULL,
    rebuilding_table text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE triage.projection_checkpoints OWNER TO rcrp_owner;
CREATE TABLE triage.projection_rebuild_buffer (
    seq bigint NOT NULL,
    name text NOT NULL,
    event jsonb NOT NULL
);
ALTER TABLE triage.projection_rebuild_buffer OWNER TO rcrp_owner;
ALTER TABLE triage.projection_rebuild_buffer ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME triage.projection_rebuild_buffer_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE triage.read_audit (
    "position" bigint NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    actor_id text NOT NULL,
    actor_role text NOT NULL,
    incident_id uuid NOT NULL,
    subject_ref text,
    resource text NOT NULL,
    reason text NOT NULL,
    previous_hash bytea,
    hash bytea NOT NULL,
    CONSTRAINT read_audit_actor_id_check CHECK ((actor_id <> ''::text)),
    CONSTRAINT read_audit_actor_role_check CHECK ((actor_role <> ''::text)),
    CONSTRAINT read_audit_hash_check CHECK ((length(hash) = 32)),
    CONSTRAINT read_audit_previous_hash_check CHECK (((previous_hash IS NULL) OR (length(previous_hash) = 32))),
    CONSTRAINT read_audit_reason_check CHECK ((reason <> ''::text)),
    CONSTRAINT read_audit_resource_check CHECK ((resource <> ''::text))
);
ALTER TABLE triage.read_audit OWNER TO rcrp_owner;
COMMENT ON TABLE triage.read_audit IS 'Who read which case''s personal data, when and why (issue 11). Append-only and hash-chained.';
ALTER TABLE triage.read_audit ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME triage.read_audit_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE triage.relay_checkpoints (
    name text NOT NULL,
    tx_id xid8 NOT NULL,
    "position" bigint NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE triage.relay_checkpoints OWNER TO rcrp_owner;
CREATE TABLE triage.restricted_subjects (
    subject_ref text NOT NULL,
    incident_id text NOT NULL,
    reason text NOT NULL,
    restricted_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT restricted_subjects_reason_check CHECK ((reason <> ''::text))
);
ALTER TABLE triage.restricted_subjects OWNER TO rcrp_owner;
COMMENT ON TABLE triage.restricted_subjects IS 'Subjects whose processing is restricted (issue 11). Derived from subject events; lifting deletes the row.';
CREATE TABLE triage.subject_keys (
    subject_ref text NOT NULL,
    wrapped_key bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE triage.subject_keys OWNER TO rcrp_owner;
COMMENT ON TABLE triage.subject_keys IS 'Per-subject AES-256-GCM data keys, wrapped by PERSONAL_DATA_MASTER_KEY. Deleting a row crypto-shreds the subject.';
CREATE TABLE triage.triage_advice (
    event_id uuid NOT NULL,
    incident_id uuid NOT NULL,
    given_at timestamp with time zone NOT NULL,
    clinician_id text NOT NULL,
    profession text NOT NULL,
    recommendation text NOT NULL
);
ALTER TABLE triage.triage_advice OWNER TO rcrp_owner;
CREATE TABLE triage.triage_calls (
    incident_id uuid NOT NULL,
    status text NOT NULL,
    priority integer NOT NULL,
    presenting_concerns text[] NOT NULL,
    queued_at timestamp with time zone NOT NULL,
    answered_at timestamp with time zone,
    clinician_id text,
    profession text,
    risk_level text,
    advice_count integer DEFAULT 0 NOT NULL,
    first_advice_at timestamp with time zone,
    ended_at timestamp with time zone,
    version integer NOT NULL,
    officer_id text,
    force text,
    borough text,
    category text,
    location_kind text,
    source_system text,
    external_ref text
);
ALTER TABLE triage.triage_calls OWNER TO rcrp_owner;
ALTER TABLE ONLY triage.migrations ALTER COLUMN id SET DEFAULT nextval('triage.migrations_id_seq'::regclass);
ALTER TABLE ONLY triage.migrations
    ADD CONSTRAINT "PK_8c82d7f526340ab734260ea46be" PRIMARY KEY (id);
ALTER TABLE ONLY triage.dead_letter_decisions
    ADD CONSTRAINT dead_letter_decisions_pkey PRIMARY KEY ("position");
ALTER TABLE ONLY triage.erased_subjects
    ADD CONSTRAINT erased_subjects_pkey PRIMARY KEY (subject_ref);
ALTER TABLE ONLY triage.events
    ADD CONSTRAINT events_event_id_key UNIQUE (event_id);
ALTER TABLE ONLY triage.events
    ADD CONSTRAINT events_pkey PRIMARY KEY ("position");
ALTER TABLE ONLY triage.events
    ADD CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version);
ALTER TABLE ONLY triage.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (event_id);
ALTER TABLE ONLY triage.parked
    ADD CONSTRAINT parked_pkey PRIMARY KEY (consumer_group, topic, incident_key);
ALTER TABLE ONLY triage.projection_checkpoints
    ADD CONSTRAINT projection_checkpoints_pkey PRIMARY KEY (name);
ALTER TABLE ONLY triage.projection_rebuild_buffer
    ADD CONSTRAINT projection_rebuild_buffer_pkey PRIMARY KEY (seq);
ALTER TABLE ONLY triage.read_audit
    ADD CONSTRAINT read_audit_pkey PRIMARY KEY ("position");
ALTER TABLE ONLY triage.relay_checkpoints
    ADD CONSTRAINT relay_checkpoints_pkey PRIMARY KEY (name);
ALTER TABLE ONLY triage.restricted_subjects
    ADD CONSTRAINT restricted_subjects_pkey PRIMARY KEY (subject_ref);
ALTER TABLE ONLY triage.subject_keys
    ADD CONSTRAINT subject_keys_pkey PRIMARY KEY (subject_ref);
ALTER TABLE ONLY triage.triage_advice
    ADD CONSTRAINT triage_advice_pkey PRIMARY KEY (event_id);
ALTER TABLE ONLY triage.triage_calls
    ADD CONSTRAINT triage_calls_pkey PRIMARY KEY (incident_id);
CREATE INDEX dead_letter_decisions_dead_letter_idx ON triage.dead_letter_decisions USING btree (consumer_group, dead_letter);
CREATE UNIQUE INDEX dead_letter_decisions_one_skip ON triage.dead_letter_decisions USING btree (consumer_group, dead_letter) WHERE (decision = 'skipped'::text);
CREATE INDEX events_tx_id_position_idx ON triage.events USING btree (tx_id, "position");
CREATE INDEX read_audit_actor_idx ON triage.read_audit USING btree (actor_id, recorded_at);
CREATE INDEX read_audit_incident_idx ON triage.read_audit USING btree (incident_id, recorded_at);
CREATE INDEX restricted_subjects_incident_idx ON triage.restricted_subjects USING btree (incident_id);
CREATE INDEX triage_advice_incident_id_idx ON triage.triage_advice USING btree (incident_id);
CREATE INDEX triage_calls_priority_queued_at_incident_id_idx ON triage.triage_calls USING btree (priority DESC, queued_at, incident_id) WHERE (status = 'queued'::text);
CREATE INDEX triage_calls_queued_at_idx ON triage.triage_calls USING btree (queued_at);
CREATE TRIGGER dead_letter_decisions_refuse_truncate BEFORE TRUNCATE ON triage.dead_letter_decisions FOR EACH STATEMENT EXECUTE FUNCTION triage.dead_letter_decisions_refuse_change();
CREATE TRIGGER dead_letter_decisions_refuse_update_delete BEFORE DELETE OR UPDATE ON triage.dead_letter_decisions FOR EACH ROW EXECUTE FUNCTION triage.dead_letter_decisions_refuse_change();
CREATE TRIGGER events_notify AFTER INSERT ON triage.events FOR EACH STATEMENT EXECUTE FUNCTION triage.events_notify();
CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON triage.events FOR EACH STATEMENT EXECUTE FUNCTION triage.events_refuse_change();
CREATE TRIGGER events_refuse_update_delete_row BEFORE DELETE OR UPDATE ON triage.events FOR EACH ROW EXECUTE FUNCTION triage.events_refuse_change();
CREATE TRIGGER events_refuse_update_delete_statement BEFORE DELETE OR UPDATE ON triage.events FOR EACH STATEMENT EXECUTE FUNCTION triage.events_refuse_change();
CREATE TRIGGER read_audit_refuse_truncate BEFORE TRUNCATE ON triage.read_audit FOR EACH STATEMENT EXECUTE FUNCTION triage.read_audit_refuse_change();
CREATE TRIGGER read_audit_refuse_update_delete BEFORE DELETE OR UPDATE ON triage.read_audit FOR EACH ROW EXECUTE FUNCTION triage.read_audit_refuse_change();
GRANT USAGE ON SCHEMA triage TO rcrp_triage;
GRANT SELECT,INSERT ON TABLE triage.dead_letter_decisions TO rcrp_triage;
GRANT SELECT,INSERT ON TABLE triage.erased_subjects TO rcrp_triage;
GRANT SELECT,INSERT ON TABLE triage.events TO rcrp_triage;
GRANT USAGE ON SEQUENCE triage.events_position_seq TO rcrp_triage;
GRANT SELECT,INSERT ON TABLE triage.inbox TO rcrp_triage;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE triage.parked TO rcrp_triage;
GRANT SELECT,INSERT,UPDATE ON TABLE triage.projection_checkpoints TO rcrp_triage;
GRANT INSERT ON TABLE triage.projection_rebuild_buffer TO rcrp_triage;
GRANT SELECT,INSERT ON TABLE triage.read_audit TO rcrp_triage;
GRANT SELECT,INSERT,UPDATE ON TABLE triage.relay_checkpoints TO rcrp_triage;
GRANT SELECT,INSERT,DELETE ON TABLE triage.restricted_subjects TO rcrp_triage;
GRANT SELECT,INSERT,DELETE ON TABLE triage.subject_keys TO rcrp_triage;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE triage.triage_advice TO rcrp_triage;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE triage.triage_calls TO rcrp_triage;
-- applied migrations (triage.migrations, in order)
EventStore1767225600000
EventStoreNotifyAfterCommit1767225600001
PersonalDataKeys1767225602000
MessagingRelayInbox1767225700000
ProjectionCheckpoints1767225800000
ProjectionTriageCalls1767398400000
ProjectionTriageAdvice1767398400001
RestrictedSubjects1767400000000
ReadAudit1767400000100
TriageCallsContext1796169600000
MessagingParkedIncidents1796256000000
-- rows seeded by migrations (triage.projection_checkpoints)
triage_advice
triage_calls
