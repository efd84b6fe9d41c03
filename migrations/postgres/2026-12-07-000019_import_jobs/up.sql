-- Imports become jobs: every import (a synchronous one that stored its records, or a job of any state)
-- is one row of `imports`, read by GET /api/v1/imports/{id} and listed by GET /api/v1/imports. A job's
-- file waits in `import_files` until the job ends. Rows written before this migration were stored
-- imports: they become `succeeded` jobs.
ALTER TABLE imports RENAME COLUMN record_count TO records_total;
ALTER TABLE imports
    ALTER COLUMN records_total DROP NOT NULL,
    ALTER COLUMN report DROP NOT NULL,
    -- queued → running → succeeded | failed.
    ADD COLUMN state TEXT NOT NULL DEFAULT 'succeeded' CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    ADD COLUMN dry_run BOOLEAN NOT NULL DEFAULT FALSE,
    -- JSON: what to run (kind, format, dry run, duplicates, defaults), as the request asked.
    ADD COLUMN options TEXT,
    -- The token that submitted it: a job runs as its caller, and not once the token is revoked.
    ADD COLUMN token_id UUID REFERENCES api_tokens (id),
    ADD COLUMN idempotency_key TEXT,
    ADD COLUMN started_at TIMESTAMP,
    ADD COLUMN finished_at TIMESTAMP,
    -- Refreshed by the instance running the job; a running job whose lease expired is failed.
    ADD COLUMN heartbeat_at TIMESTAMP,
    ADD COLUMN records_checked INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN records_stored INTEGER NOT NULL DEFAULT 0,
    -- JSON: the problem (RFC 9457) a failed job ended with.
    ADD COLUMN error TEXT;
UPDATE imports SET started_at = created_at, finished_at = created_at, records_checked = records_total,
                   records_stored = records_total;

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
    import_id UUID PRIMARY KEY REFERENCES imports (id) ON DELETE CASCADE,
    content BYTEA NOT NULL
);
