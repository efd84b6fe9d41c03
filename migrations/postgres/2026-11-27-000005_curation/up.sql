-- Curation: the state of every part and strain, the revision readers see once published, and the
-- review thread (submissions, decisions, withdrawals).
ALTER TABLE parts ADD COLUMN curation_state TEXT NOT NULL DEFAULT 'draft'
    CHECK (curation_state IN ('draft', 'submitted', 'approved', 'changes_requested', 'rejected', 'withdrawn'));
ALTER TABLE parts ADD COLUMN published_revision INTEGER;
ALTER TABLE parts ADD COLUMN submitted_at TIMESTAMP;
ALTER TABLE strains ADD COLUMN curation_state TEXT NOT NULL DEFAULT 'draft'
    CHECK (curation_state IN ('draft', 'submitted', 'approved', 'changes_requested', 'rejected', 'withdrawn'));
ALTER TABLE strains ADD COLUMN published_revision INTEGER;
ALTER TABLE strains ADD COLUMN submitted_at TIMESTAMP;
UPDATE parts SET curation_state = 'withdrawn' WHERE withdrawn_at IS NOT NULL;
UPDATE strains SET curation_state = 'withdrawn' WHERE withdrawn_at IS NOT NULL;
CREATE INDEX parts_curation ON parts (curation_state, submitted_at);
CREATE INDEX strains_curation ON strains (curation_state, submitted_at);

CREATE TABLE reviews (
    id UUID PRIMARY KEY,
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('submit', 'approve', 'request_changes', 'reject', 'withdraw')),
    reason_code TEXT,
    comment TEXT,
    actor_id UUID NOT NULL REFERENCES users (id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX reviews_record ON reviews (record_kind, record_id, at);
