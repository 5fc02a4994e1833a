CREATE SCHEMA intake;
ALTER SCHEMA intake OWNER TO rcrp_owner;
CREATE FUNCTION intake.dead_letter_decisions_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           RAISE EXCEPTION 'dead-letter decisions are append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$;
ALTER FUNCTION intake.dead_letter_decisions_refuse_change() OWNER TO rcrp_owner;
CREATE FUNCTION intake.events_notify() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           IF current_setting('rcrp.events_notify', true) = 'after-commit' THEN
             RETURN NULL;
           END IF;
           PERFORM pg_notify('intake_events', '');
           RETURN NULL;
         END
         $$;
ALTER FUNCTION intake.events_notify() OWNER TO rcrp_owner;
CREATE FUNCTION intake.events_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           RAISE EXCEPTION 'events are immutable: % on %.% is refused (append a correcting event instead)',
             TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$;
ALTER FUNCTION intake.events_refuse_change() OWNER TO rcrp_owner;
CREATE FUNCTION intake.read_audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
         BEGIN
           RAISE EXCEPTION 'the read audit is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
             USING ERRCODE = 'restrict_violation';
         END
         $$;
ALTER FUNCTION intake.read_audit_refuse_change() OWNER TO rcrp_owner;
CREATE TABLE intake.dead_letter_decisions (
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
ALTER TABLE intake.dead_letter_decisions OWNER TO rcrp_owner;
COMMENT ON TABLE intake.dead_letter_decisions IS 'Who redrove or skipped which dead letter, when and why (issue 20). Append-only.';
ALTER TABLE intake.dead_letter_decisions ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME intake.dead_letter_decisions_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE intake.erased_subjects (
    subject_ref text NOT NULL,
    erased_at timestamp with time zone DEFAULT now() NOT NULL,
    legal_basis text NOT NULL,
    reason text NOT NULL,
    CONSTRAINT erased_subjects_legal_basis_check CHECK ((legal_basis <> ''::text)),
    CONSTRAINT erased_subjects_reason_check CHECK ((reason <> ''::text))
);
ALTER TABLE intake.erased_subjects OWNER TO rcrp_owner;
CREATE TABLE intake.events (
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
ALTER TABLE intake.events OWNER TO rcrp_owner;
COMMENT ON TABLE intake.events IS 'Append-only event store (DESIGN §2). UPDATE, DELETE and TRUNCATE are refused by triggers; corrections are new events.';
ALTER TABLE intake.events ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME intake.events_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE intake.external_references (
    source_system text NOT NULL,
    external_ref text NOT NULL,
    incident_id uuid NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE intake.external_references OWNER TO rcrp_owner;
CREATE TABLE intake.inbox (
    event_id uuid NOT NULL,
    topic text NOT NULL,
    partition integer NOT NULL,
    "offset" bigint NOT NULL,
    processed_at timestamp with time zone DEFAULT now() NOT NULL,
    dedupe_key text
);
ALTER TABLE intake.inbox OWNER TO rcrp_owner;
CREATE TABLE intake.incident_list (
    incident_id uuid NOT NULL,
    status text NOT NULL,
    category text NOT NULL,
    reported_at timestamp with time zone NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    location_kind text NOT NULL,
    age_band text NOT NULL,
    source_system text,
    version integer NOT NULL,
    external_ref text,
    officer_id text,
    borough text
);
ALTER TABLE intake.incident_list OWNER TO rcrp_owner;
CREATE TABLE intake.migrations (
    id integer NOT NULL,
    "timestamp" bigint NOT NULL,
    name character varying NOT NULL
);
ALTER TABLE intake.migrations OWNER TO rcrp_owner;
CREATE SEQUENCE intake.migrations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER TABLE intake.migrations_id_seq OWNER TO rcrp_owner;
ALTER SEQUENCE intake.migrations_id_seq OWNED BY intake.migrations.id;
CREATE TABLE intake.parked (
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
ALTER TABLE intake.parked OWNER TO rcrp_owner;
CREATE TABLE intake.projection_checkpoints (
    name text NOT NULL,
    tx_id xid8,
    "position" bigint,
    events_applied bigint DEFAULT 0 NOT NULL,
    rebuilding_table text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE intake.projection_checkpoints OWNER TO rcrp_owner;
CREATE TABLE intake.projection_rebuild_buffer (
    seq bigint NOT NULL,
    name text NOT NULL,
    event jsonb NOT NULL
);
ALTER TABLE intake.projection_rebuild_buffer OWNER TO rcrp_owner;
ALTER TABLE intake.projection_rebuild_buffer ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME intake.projection_rebuild_buffer_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE intake.read_audit (
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
ALTER TABLE intake.read_audit OWNER TO rcrp_owner;
COMMENT ON TABLE intake.read_audit IS 'Who read which case''s personal data, when and why (issue 11). Append-only and hash-chained.';
ALTER TABLE intake.read_audit ALTER COLUMN "position" ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME intake.read_audit_position_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE intake.relay_checkpoints (
    name text NOT NULL,
    tx_id xid8 NOT NULL,
    "position" bigint NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE intake.relay_checkpoints OWNER TO rcrp_owner;
CREATE TABLE intake.restricted_subjects (
    subject_ref text NOT NULL,
    incident_id text NOT NULL,
    reason text NOT NULL,
    restricted_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT restricted_subjects_reason_check CHECK ((reason <> ''::text))
);
ALTER TABLE intake.restricted_subjects OWNER TO rcrp_owner;
COMMENT ON TABLE intake.restricted_subjects IS 'Subjects whose processing is restricted (issue 11). Derived from subject events; lifting deletes the row.';
CREATE TABLE intake.subject_keys (
    subject_ref text NOT NULL,
    wrapped_key bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE intake.subject_keys OWNER TO rcrp_owner;
COMMENT ON TABLE intake.subject_keys IS 'Per-subject AES-256-GCM data keys, wrapped by PERSONAL_DATA_MASTER_KEY. Deleting a row crypto-shreds the subject.';
ALTER TABLE ONLY intake.migrations ALTER COLUMN id SET DEFAULT nextval('intake.migrations_id_seq'::regclass);
ALTER TABLE ONLY intake.migrations
    ADD CONSTRAINT "PK_8c82d7f526340ab734260ea46be" PRIMARY KEY (id);
ALTER TABLE ONLY intake.dead_letter_decisions
    ADD CONSTRAINT dead_letter_decisions_pkey PRIMARY KEY ("position");
ALTER TABLE ONLY intake.erased_subjects
    ADD CONSTRAINT erased_subjects_pkey PRIMARY KEY (subject_ref);
ALTER TABLE ONLY intake.events
    ADD CONSTRAINT events_event_id_key UNIQUE (event_id);
ALTER TABLE ONLY intake.events
    ADD CONSTRAINT events_pkey PRIMARY KEY ("position");
ALTER TABLE ONLY intake.events
    ADD CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version);
ALTER TABLE ONLY intake.external_references
    ADD CONSTRAINT external_references_incident_id_key UNIQUE (incident_id);
ALTER TABLE ONLY intake.external_references
    ADD CONSTRAINT external_references_pkey PRIMARY KEY (source_system, external_ref);
ALTER TABLE ONLY intake.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (event_id);
ALTER TABLE ONLY intake.incident_list
    ADD CONSTRAINT incident_list_pkey PRIMARY KEY (incident_id);
ALTER TABLE ONLY intake.parked
    ADD CONSTRAINT parked_pkey PRIMARY KEY (consumer_group, topic, incident_key);
ALTER TABLE ONLY intake.projection_checkpoints
    ADD CONSTRAINT projection_checkpoints_pkey PRIMARY KEY (name);
ALTER TABLE ONLY intake.projection_rebuild_buffer
    ADD CONSTRAINT projection_rebuild_buffer_pkey PRIMARY KEY (seq);
ALTER TABLE ONLY intake.read_audit
    ADD CONSTRAINT read_audit_pkey PRIMARY KEY ("position");
ALTER TABLE ONLY intake.relay_checkpoints
    ADD CONSTRAINT relay_checkpoints_pkey PRIMARY KEY (name);
ALTER TABLE ONLY intake.restricted_subjects
    ADD CONSTRAINT restricted_subjects_pkey PRIMARY KEY (subject_ref);
ALTER TABLE ONLY intake.subject_keys
    ADD CONSTRAINT subject_keys_pkey PRIMARY KEY (subject_ref);
CREATE INDEX dead_letter_decisions_dead_letter_idx ON intake.dead_letter_decisions USING btree (consumer_group, dead_letter);
CREATE UNIQUE INDEX dead_letter_decisions_one_skip ON intake.dead_letter_decisions USING btree (consumer_group, dead_letter) WHERE (decision = 'skipped'::text);
CREATE INDEX events_reported_subject_ref ON intake.events USING btree ((((data -> 'subject'::text) ->> 'ref'::text))) WHERE (type = 'IncidentReported'::text);
CREATE INDEX events_tx_id_position_idx ON intake.events USING btree (tx_id, "position");
CREATE INDEX incident_list_external_ref_idx ON intake.incident_list USING btree (external_ref) WHERE (external_ref IS NOT NULL);
CREATE INDEX incident_list_officer_id_reported_at_idx ON intake.incident_list USING btree (officer_id, reported_at DESC);
CREATE INDEX incident_list_reported_at_incident_id_idx ON intake.incident_list USING btree (reported_at DESC, incident_id DESC);
CREATE INDEX read_audit_actor_idx ON intake.read_audit USING btree (actor_id, recorded_at);
CREATE INDEX read_audit_incident_idx ON intake.read_audit USING btree (incident_id, recorded_at);
CREATE INDEX restricted_subjects_incident_idx ON intake.restricted_subjects USING btree (incident_id);
CREATE TRIGGER dead_letter_decisions_refuse_truncate BEFORE TRUNCATE ON intake.dead_letter_decisions FOR EACH STATEMENT EXECUTE FUNCTION intake.dead_letter_decisions_refuse_change();
CREATE TRIGGER dead_letter_decisions_refuse_update_delete BEFORE DELETE OR UPDATE ON intake.dead_letter_decisions FOR EACH ROW EXECUTE FUNCTION intake.dead_letter_decisions_refuse_change();
CREATE TRIGGER events_notify AFTER INSERT ON intake.events FOR EACH STATEMENT EXECUTE FUNCTION intake.events_notify();
CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON intake.events FOR EACH STATEMENT EXECUTE FUNCTION intake.events_refuse_change();
CREATE TRIGGER events_refuse_update_delete_row BEFORE DELETE OR UPDATE ON intake.events FOR EACH ROW EXECUTE FUNCTION intake.events_refuse_change();
CREATE TRIGGER events_refuse_update_delete_statement BEFORE DELETE OR UPDATE ON intake.events FOR EACH STATEMENT EXECUTE FUNCTION intake.events_refuse_change();
CREATE TRIGGER read_audit_refuse_truncate BEFORE TRUNCATE ON intake.read_audit FOR EACH STATEMENT EXECUTE FUNCTION intake.read_audit_refuse_change();
CREATE TRIGGER read_audit_refuse_update_delete BEFORE DELETE OR UPDATE ON intake.read_audit FOR EACH ROW EXECUTE FUNCTION intake.read_audit_refuse_change();
GRANT USAGE ON SCHEMA intake TO rcrp_intake;
GRANT SELECT,INSERT ON TABLE intake.dead_letter_decisions TO rcrp_intake;
GRANT SELECT,INSERT ON TABLE intake.erased_subjects TO rcrp_intake;
GRANT SELECT,INSERT ON TABLE intake.events TO rcrp_intake;
GRANT USAGE ON SEQUENCE intake.events_position_seq TO rcrp_intake;
GRANT SELECT,INSERT ON TABLE intake.external_references TO rcrp_intake;
GRANT SELECT,INSERT ON TABLE intake.inbox TO rcrp_intake;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE intake.incident_list TO rcrp_intake;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE intake.parked TO rcrp_intake;
GRANT SELECT,INSERT,UPDATE ON TABLE intake.projection_checkpoints TO rcrp_intake;
GRANT INSERT ON TABLE intake.projection_rebuild_buffer TO rcrp_intake;
GRANT SELECT,INSERT ON TABLE intake.read_audit TO rcrp_intake;
GRANT SELECT,INSERT,UPDATE ON TABLE intake.relay_checkpoints TO rcrp_intake;
GRANT SELECT,INSERT,DELETE ON TABLE intake.restricted_subjects TO rcrp_intake;
GRANT SELECT,INSERT,DELETE ON TABLE intake.subject_keys TO rcrp_intake;
-- applied migrations (intake.migrations, in order)
EventStore1767225600000
EventStoreNotifyAfterCommit1767225600001
PersonalDataKeys1767225602000
MessagingRelayInbox1767225700000
ProjectionCheckpoints1767225800000
ExternalReferences1767312000000
ProjectionIncidentList1767312000001
RestrictedSubjects1767400000000
ReadAudit1767400000100
SubjectRefIndex1767500000000
IncidentListWhoAndWhere1796169600000
MessagingParkedIncidents1796256000000
-- rows seeded by migrations (intake.projection_checkpoints)
incident_list
