-- Every stored import: what file, who, when, and its report (records with their accessions).
CREATE TABLE imports (
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
