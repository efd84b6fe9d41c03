-- The change feed of searchable sequences: one row per write that may change what the sequence
-- index holds for a part (create, edit, withdrawal, curation). Every bioreg instance follows it.
-- Writers take a transaction-scoped advisory lock before inserting, so ids commit in order.
CREATE TABLE sequence_changes (
    id BIGSERIAL PRIMARY KEY,
    part_id UUID NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
