-- Back to stored imports only: jobs that did not store their records (queued, running, failed, dry runs) go.
DROP TABLE import_files;
CREATE TABLE imports_stored (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    format TEXT NOT NULL,
    file_name TEXT,
    sha256 TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    owner_org_id TEXT NOT NULL REFERENCES organizations (id),
    created_at TIMESTAMP NOT NULL,
    record_count INTEGER NOT NULL,
    report TEXT NOT NULL
);
INSERT INTO imports_stored (id, kind, format, file_name, sha256, created_by, owner_org_id, created_at, record_count,
                            report)
SELECT id, kind, format, file_name, sha256, created_by, owner_org_id, created_at, COALESCE(records_total, 0), report
FROM imports
WHERE state = 'succeeded' AND NOT dry_run AND report IS NOT NULL;
DROP TABLE imports;
ALTER TABLE imports_stored RENAME TO imports;
