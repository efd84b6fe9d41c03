-- The append-only audit log of every state-changing event, and the full snapshot of every revision
-- of every record. Neither can be changed or deleted: a trigger refuses it.
CREATE TABLE audit_events (
    id UUID PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    actor_id UUID REFERENCES users (id),
    actor_name TEXT,
    action TEXT NOT NULL,
    record_kind TEXT,
    record_id TEXT,
    record_accession TEXT,
    request_id TEXT,
    details TEXT NOT NULL
);
CREATE INDEX audit_events_at ON audit_events (at, id);
CREATE INDEX audit_events_record ON audit_events (record_id);
CREATE INDEX audit_events_actor ON audit_events (actor_id);
CREATE INDEX audit_events_action ON audit_events (action);

CREATE TABLE record_revisions (
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    actor_id UUID NOT NULL REFERENCES users (id),
    at TIMESTAMP NOT NULL,
    comment TEXT,
    request_id TEXT,
    PRIMARY KEY (record_kind, record_id, revision)
);

CREATE FUNCTION bioreg_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION bioreg_refuse_change();
CREATE TRIGGER record_revisions_append_only BEFORE UPDATE OR DELETE ON record_revisions
    FOR EACH ROW EXECUTE FUNCTION bioreg_refuse_change();
