-- Back to stored imports only: jobs that did not store their records (queued, running, failed, dry runs) go.
DROP TABLE import_files;
DELETE FROM imports WHERE state <> 'succeeded' OR dry_run OR report IS NULL;
DROP INDEX imports_created;
DROP INDEX imports_state_created;
DROP INDEX imports_kind_created;
DROP INDEX imports_owner_created;
DROP INDEX imports_owner_state_created;
DROP INDEX imports_owner_kind_created;
DROP INDEX imports_idempotency;
UPDATE imports SET records_total = 0 WHERE records_total IS NULL;
ALTER TABLE imports
    DROP COLUMN state,
    DROP COLUMN dry_run,
    DROP COLUMN options,
    DROP COLUMN token_id,
    DROP COLUMN idempotency_key,
    DROP COLUMN started_at,
    DROP COLUMN finished_at,
    DROP COLUMN heartbeat_at,
    DROP COLUMN records_checked,
    DROP COLUMN records_stored,
    DROP COLUMN error,
    ALTER COLUMN records_total SET NOT NULL,
    ALTER COLUMN report SET NOT NULL;
ALTER TABLE imports RENAME COLUMN records_total TO record_count;
