-- Imports become jobs: every import (a synchronous one that stored its records, or a job of any state)
-- is one row of `imports`, read by GET /api/v1/imports/{id} and listed by GET /api/v1/imports. A job's
-- file waits in `import_files` until the job ends. SQLite cannot drop a NOT NULL constraint, so the
-- table is rebuilt (nothing refers to it; its rows were stored imports, which are `succeeded` jobs).
CREATE TABLE imports_jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    file_name TEXT,
    sha256 TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    owner_org_id TEXT NOT NULL REFERENCES organizations (id),
    created_at TIMESTAMP NOT NULL,
    -- queued → running → succeeded | failed; rows written before this migration are `succeeded`.
    state TEXT NOT NULL DEFAULT 'succeeded' CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    dry_run BOOLEAN NOT NULL DEFAULT FALSE,
    -- JSON: what to run (kind, format, dry run, duplicates, defaults), as the request asked.
    options TEXT,
    -- The token that submitted it: a job runs as its caller, and not once the token is revoked.
    token_id TEXT REFERENCES api_tokens (id),
    idempotency_key TEXT,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    -- Refreshed by the instance running the job; a running job whose lease expired is failed.
    heartbeat_at TIMESTAMP,
    records_total INTEGER,
    records_checked INTEGER NOT NULL DEFAULT 0,
    records_stored INTEGER NOT NULL DEFAULT 0,
    -- JSON: the import report, when the job ended with one.
    report TEXT,
    -- JSON: the problem (RFC 9457) a failed job ended with.
    error TEXT
);
INSERT INTO imports_jobs (id, kind, format, file_name, sha256, created_by, owner_org_id, created_at, state,
                          started_at, finished_at, records_total, records_checked, records_stored, report)
SELECT id, kind, format, file_name, sha256, created_by, owner_org_id, created_at, 'succeeded',
       created_at, created_at, record_count, record_count, record_count, report
FROM imports;
DROP TABLE imports;
ALTER TABLE imports_jobs RENAME TO imports;

-- Lists, newest first: everything (curators, admins) or one organisation's, by state or kind or neither.
-- The queue (oldest queued first) and the lease sweep (running jobs) read imports_state_created.
CREATE INDEX imports_created ON imports (created_at, id);
CREATE INDEX imports_state_created ON imports (state, created_at, id);
CREATE INDEX imports_kind_created ON imports (kind, created_at, id);
CREATE INDEX imports_owner_created ON imports (owner_org_id, created_at, id);
CREATE INDEX imports_owner_state_created ON imports (owner_org_id, state, created_at, id);
CREATE INDEX imports_owner_kind_created ON imports (owner_org_id, kind, created_at, id);
-- One import per (caller, Idempotency-Key): a retried upload finds the first.
CREATE UNIQUE INDEX imports_idempotency ON imports (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- The uploaded file of a job until it ends (then deleted in the job's last transaction).
CREATE TABLE import_files (
    import_id TEXT PRIMARY KEY REFERENCES imports (id) ON DELETE CASCADE,
    content BLOB NOT NULL
);
