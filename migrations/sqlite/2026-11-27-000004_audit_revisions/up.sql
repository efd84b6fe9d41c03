-- The append-only audit log of every state-changing event, and the full snapshot of every revision
-- of every record. Neither can be changed or deleted: triggers refuse it.
CREATE TABLE audit_events (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_id TEXT REFERENCES users (id),
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
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TABLE record_revisions (
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    snapshot TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES users (id),
    at TIMESTAMP NOT NULL,
    comment TEXT,
    request_id TEXT,
    PRIMARY KEY (record_kind, record_id, revision)
);
CREATE TRIGGER record_revisions_no_update BEFORE UPDATE ON record_revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are immutable');
END;
CREATE TRIGGER record_revisions_no_delete BEFORE DELETE ON record_revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are immutable');
END;
