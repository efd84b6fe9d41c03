-- The change feed of searchable sequences: one row per write that may change what the sequence
-- index holds for a part (create, edit, withdrawal, curation). Every bioreg instance follows it.
CREATE TABLE sequence_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    part_id TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
