CREATE SCHEMA outcomes;
ALTER SCHEMA outcomes OWNER TO rcrp_owner;
CREATE FUNCTION outcomes.dead_letter_decisions_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           RAISE EXCEPTION 'dead-letter decisions are append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$;
ALTER FUNCTION outcomes.dead_letter_decisions_refuse_change() OWNER TO rcrp_owner;
CREATE FUNCTION outcomes.events_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           IF current_setting('rcrp.events_notify', true) = 'after-commit' THEN
             RETURN NULL;
           END IF;
           PERFORM pg_notify('outcomes_events', '');
           RETURN NULL;
         END
         $$;
ALTER FUNCTION outcomes.events_notify() OWNER TO rcrp_owner;
CREATE FUNCTION outcomes.events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           RAISE EXCEPTION 'events are immutable: % on %.% is refused (append a correcting event instead)',
             TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$;
ALTER FUNCTION outcomes.events_refuse_change() OWNER TO rcrp_owner;
CREATE FUNCTION outcomes.read_audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           RAISE EXCEPTION 'the read audit is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$;
ALTER FUNCTION outcomes.read_audit_refuse_change() OWNER TO rcrp_owner;
CREATE TABLE outcomes.case_timeline (
    event_id uuid NOT NULL,
    incident_id uuid NOT NULL,
    stream_id text NOT NULL,
    stream_version integer NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    envelope jsonb NOT NULL
);
ALTER TABLE outcomes.case_timeline OWNER TO rcrp_owner;
CREATE TABLE outcomes.dead_letter_decisions (
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
ALTER TABLE outcomes.dead_letter_decisions OWNER TO rcrp_owner;
COMMENT ON TABLE outcomes.dead_letter_decisions IS 'Who redrove or skipped which dead letter, when and why (issue 20). Append-only.';
ALTER TABLE outcomes.dead_letter_decisions ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME outcomes.dead_letter_decisions_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE outcomes.erased_subjects (
    subject_ref text NOT NULL,
    erased_at timestamp with time zone DEFAULT now() NOT NULL,
    legal_basis text NOT NULL,
    reason text NOT NULL,
    CONSTRAINT erased_subjects_legal_basis_check CHECK ((legal_basis <> ''::text)),
    CONSTRAINT erased_subjects_reason_check CHECK ((reason <> ''::text))
);
ALTER TABLE outcomes.erased_subjects OWNER TO rcrp_owner;
CREATE TABLE outcomes.events (
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
ALTER TABLE outcomes.events OWNER TO rcrp_owner;
COMMENT ON TABLE outcomes.events IS 'Append-only event store (DESIGN §2). UPDATE, DELETE and TRUNCATE are refused by triggers; corrections are new events.';
ALTER TABLE outcomes.events ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME outcomes.events_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE outcomes.inbox (
    event_id uuid NOT NULL,
    topic text NOT NULL,
    partition integer NOT NULL,
    "offset" bigint NOT NULL,
    processed_at timestamp with time zone DEFAULT now() NOT NULL,
    dedupe_key text
);
ALTER TABLE outcomes.inbox OWNER TO rcrp_owner;
CREATE TABLE outcomes.incident_context (
    incident_id uuid NOT NULL,
    intake_version integer DEFAULT 0 NOT NULL,
    subject_ref text,
    reported_at timestamp with time zone,
    category text,
    location_kind text,
    subject_age_years integer,
    sex text,
    ethnicity text,
    withdrawn boolean DEFAULT false NOT NULL,
    advice jsonb DEFAULT '[]'::jsonb NOT NULL
);
ALTER TABLE outcomes.incident_context OWNER TO rcrp_owner;
CREATE TABLE outcomes.migrations (
    id integer NOT NULL,
    "timestamp" bigint NOT NULL,
    name character varying NOT NULL
);
ALTER TABLE outcomes.migrations OWNER TO rcrp_owner;
CREATE SEQUENCE outcomes.migrations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER TABLE outcomes.migrations_id_seq OWNER TO rcrp_owner;
ALTER SEQUENCE outcomes.migrations_id_seq OWNED BY outcomes.migrations.id;
CREATE TABLE outcomes.outcome_cases (
    incident_id uuid NOT NULL,
    version integer NOT NULL,
    facts jsonb NOT NULL,
    detention_status text,
    detained_at timestamp with time zone,
    place_of_safety_kind text,
    clock_started_at timestamp with time zone,
    deadline timestamp with time zone,
    extended boolean DEFAULT false NOT NULL,
    approaching_noticed boolean DEFAULT false NOT NULL,
    exceeded_noticed boolean DEFAULT false NOT NULL,
    closed boolean DEFAULT false NOT NULL
);
ALTER TABLE outcomes.outcome_cases OWNER TO rcrp_owner;
CREATE TABLE outcomes.parked (
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
ALTER TABLE outcomes.parked OWNER TO rcrp_owner;
CREATE TABLE outcomes.projection_checkpoints (
    name text NOT NULL,
    tx_id xid8,
    "position" bigint,
    events_applied bigint DEFAULT 0 NOT NULL,
    rebuilding_table text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE outcomes.projection_checkpoints OWNER TO rcrp_owner;
CREATE TABLE outcomes.projection_rebuild_buffer (
    seq bigint NOT NULL,
    name text NOT NULL,
    event jsonb NOT NULL
);
ALTER TABLE outcomes.projection_rebuild_buffer OWNER TO rcrp_owner;
ALTER TABLE outcomes.projection_rebuild_buffer ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME outcomes.projection_rebuild_buffer_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE outcomes.read_audit (
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
ALTER TABLE outcomes.read_audit OWNER TO rcrp_owner;
COMMENT ON TABLE outcomes.read_audit IS 'Who read which case''s personal data, when and why (issue 11). Append-only and hash-chained.';
ALTER TABLE outcomes.read_audit ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME outcomes.read_audit_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE outcomes.relay_checkpoints (
    name text NOT NULL,
    tx_id xid8 NOT NULL,
    "position" bigint NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE outcomes.relay_checkpoints OWNER TO rcrp_owner;
CREATE TABLE outcomes.restricted_subjects (
    subject_ref text NOT NULL,
    incident_id text NOT NULL,
    reason text NOT NULL,
    restricted_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT restricted_subjects_reason_check CHECK ((reason <> ''::text))
);
ALTER TABLE outcomes.restricted_subjects OWNER TO rcrp_owner;
COMMENT ON TABLE outcomes.restricted_subjects IS 'Subjects whose processing is restricted (issue 11). Derived from subject events; lifting deletes the row.';
CREATE TABLE outcomes.subject_keys (
    subject_ref text NOT NULL,
    wrapped_key bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE outcomes.subject_keys OWNER TO rcrp_owner;
COMMENT ON TABLE outcomes.subject_keys IS 'Per-subject AES-256-GCM data keys, wrapped by PERSONAL_DATA_MASTER_KEY. Deleting a row crypto-shreds the subject.';
ALTER TABLE ONLY outcomes.migrations ALTER COLUMN id SET DEFAULT nextval('outcomes.migrations_id_seq'::regclass);
ALTER TABLE ONLY outcomes.migrations
    ADD CONSTRAINT "PK_8c82d7f526340ab734260ea46be" PRIMARY KEY (id);
ALTER TABLE ONLY outcomes.case_timeline
    ADD CONSTRAINT case_timeline_pkey PRIMARY KEY (event_id);
ALTER TABLE ONLY outcomes.dead_letter_decisions
    ADD CONSTRAINT dead_letter_decisions_pkey PRIMARY KEY ("position");
ALTER TABLE ONLY outcomes.erased_subjects
    ADD CONSTRAINT erased_subjects_pkey PRIMARY KEY (subject_ref);
ALTER TABLE ONLY outcomes.events
    ADD CONSTRAINT events_event_id_key UNIQUE (event_id);
ALTER TABLE ONLY outcomes.events
    ADD CONSTRAINT events_pkey PRIMARY KEY ("position");
ALTER TABLE ONLY outcomes.events
    ADD CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version);
ALTER TABLE ONLY outcomes.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (event_id);
ALTER TABLE ONLY outcomes.incident_context
    ADD CONSTRAINT incident_context_pkey PRIMARY KEY (incident_id);
ALTER TABLE ONLY outcomes.outcome_cases
    ADD CONSTRAINT outcome_cases_pkey PRIMARY KEY (incident_id);
ALTER TABLE ONLY outcomes.parked
    ADD CONSTRAINT parked_pkey PRIMARY KEY (consumer_group, topic, incident_key);
ALTER TABLE ONLY outcomes.projection_checkpoints
    ADD CONSTRAINT projection_checkpoints_pkey PRIMARY KEY (name);
ALTER TABLE ONLY outcomes.projection_rebuild_buffer
    ADD CONSTRAINT projection_rebuild_buffer_pkey PRIMARY KEY (seq);
ALTER TABLE ONLY outcomes.read_audit
    ADD CONSTRAINT read_audit_pkey PRIMARY KEY ("position");
ALTER TABLE ONLY outcomes.relay_checkpoints
    ADD CONSTRAINT relay_checkpoints_pkey PRIMARY KEY (name);
ALTER TABLE ONLY outcomes.restricted_subjects
    ADD CONSTRAINT restricted_subjects_pkey PRIMARY KEY (subject_ref);
ALTER TABLE ONLY outcomes.subject_keys
    ADD CONSTRAINT subject_keys_pkey PRIMARY KEY (subject_ref);
CREATE INDEX case_timeline_incident_id_stream_id_stream_version_idx ON outcomes.case_timeline USING btree (incident_id, stream_id, stream_version);
CREATE INDEX dead_letter_decisions_dead_letter_idx ON outcomes.dead_letter_decisions USING btree (consumer_group, dead_letter);
CREATE UNIQUE INDEX dead_letter_decisions_one_skip ON outcomes.dead_letter_decisions USING btree (consumer_group, dead_letter) WHERE (decision = 'skipped'::text);
CREATE INDEX events_tx_id_position_idx ON outcomes.events USING btree (tx_id, "position");
CREATE INDEX incident_context_reported_at_idx ON outcomes.incident_context USING btree (reported_at);
CREATE INDEX outcome_cases_deadline_idx ON outcomes.outcome_cases USING btree (deadline) WHERE (detention_status = 'active'::text);
CREATE INDEX read_audit_actor_idx ON outcomes.read_audit USING btree (actor_id, recorded_at);
CREATE INDEX read_audit_incident_idx ON outcomes.read_audit USING btree (incident_id, recorded_at);
CREATE INDEX restricted_subjects_incident_idx ON outcomes.restricted_subjects USING btree (incident_id);
CREATE TRIGGER dead_letter_decisions_refuse_truncate BEFORE TRUNCATE ON outcomes.dead_letter_decisions FOR EACH STATEMENT EXECUTE FUNCTION outcomes.dead_letter_decisions_refuse_change();
CREATE TRIGGER dead_letter_decisions_refuse_update_delete BEFORE DELETE OR UPDATE ON outcomes.dead_letter_decisions FOR EACH ROW EXECUTE FUNCTION outcomes.dead_letter_decisions_refuse_change();
CREATE TRIGGER events_notify AFTER INSERT ON outcomes.events FOR EACH STATEMENT EXECUTE FUNCTION outcomes.events_notify();
CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON outcomes.events FOR EACH STATEMENT EXECUTE FUNCTION outcomes.events_refuse_change();
CREATE TRIGGER events_refuse_update_delete_row BEFORE DELETE OR UPDATE ON outcomes.events FOR EACH ROW EXECUTE FUNCTION outcomes.events_refuse_change();
CREATE TRIGGER events_refuse_update_delete_statement BEFORE DELETE OR UPDATE ON outcomes.events FOR EACH STATEMENT EXECUTE FUNCTION outcomes.events_refuse_change();
CREATE TRIGGER read_audit_refuse_truncate BEFORE TRUNCATE ON outcomes.read_audit FOR EACH STATEMENT EXECUTE FUNCTION outcomes.read_audit_refuse_change();
CREATE TRIGGER read_audit_refuse_update_delete BEFORE DELETE OR UPDATE ON outcomes.read_audit FOR EACH ROW EXECUTE FUNCTION outcomes.read_audit_refuse_change();
GRANT USAGE ON SCHEMA outcomes TO rcrp_outcomes;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE outcomes.case_timeline TO rcrp_outcomes;
GRANT SELECT,INSERT ON TABLE outcomes.dead_letter_decisions TO rcrp_outcomes;
GRANT SELECT,INSERT ON TABLE outcomes.erased_subjects TO rcrp_outcomes;
GRANT SELECT,INSERT ON TABLE outcomes.events TO rcrp_outcomes;
GRANT USAGE ON SEQUENCE outcomes.events_position_seq TO rcrp_outcomes;
GRANT SELECT,INSERT ON TABLE outcomes.inbox TO rcrp_outcomes;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE outcomes.incident_context TO rcrp_outcomes;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE outcomes.outcome_cases TO rcrp_outcomes;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE outcomes.parked TO rcrp_outcomes;
GRANT SELECT,INSERT,UPDATE ON TABLE outcomes.projection_checkpoints TO rcrp_outcomes;
GRANT INSERT ON TABLE outcomes.projection_rebuild_buffer TO rcrp_outcomes;
GRANT SELECT,INSERT ON TABLE outcomes.read_audit TO rcrp_outcomes;
GRANT SELECT,INSERT,UPDATE ON TABLE outcomes.relay_checkpoints TO rcrp_outcomes;
GRANT SELECT,INSERT,DELETE ON TABLE outcomes.restricted_subjects TO rcrp_outcomes;
GRANT SELECT,INSERT,DELETE ON TABLE outcomes.subject_keys TO rcrp_outcomes;
-- applied migrations (outcomes.migrations, in order)
EventStore1767225600000
EventStoreNotifyAfterCommit1767225600001
PersonalDataKeys1767225602000
MessagingRelayInbox1767225700000
ProjectionCheckpoints1767225800000
RestrictedSubjects1767400000000
ReadAudit1767400000100
ProjectionIncidentContext1767484800000
ProjectionCaseTimeline1767484800001
ProjectionOutcomeCases1767484800002
MessagingParkedIncidents1796256000000
-- rows seeded by migrations (outcomes.projection_checkpoints)
case_timeline
incident_context
outcome_cases
