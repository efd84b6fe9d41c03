-- Storage (issue 22): each distinct sequence stored once, revisions that refer to it instead of
-- copying it, and per-field provenance stored as groups of fields sharing one assertion.
--
-- `sequences` holds one row per distinct residue string, found by its canonical hash (seqhash;
-- the residues are stored as bytes: packed 2 bits a base by bioreg, `db::sequences::codec`, or
-- the letters themselves, as this migration copies them;
-- twins of other orientations have the same seqhash and their own row). A part names its current
-- sequence (`parts.sequence_id`), a part revision the sequence it had (`record_revisions.sequence_id`,
-- the snapshot then has no `sequence` key). Rows are never deleted: every sequence a part ever had
-- is referred to by one of its revisions. (No REFERENCES clause on SQLite: a column with one cannot
-- be dropped by the down migration; the code writes the ids.)
CREATE TABLE sequences (
    id INTEGER PRIMARY KEY,
    seqhash TEXT NOT NULL,
    residues BLOB NOT NULL
);

INSERT INTO sequences (seqhash, residues)
SELECT p.seqhash, CAST(s.sequence AS BLOB)
FROM part_sequences s JOIN parts p ON p.id = s.part_id
GROUP BY p.seqhash, s.sequence
ORDER BY min(p.created_at);

CREATE INDEX sequences_seqhash ON sequences (seqhash);

ALTER TABLE parts ADD COLUMN sequence_id INTEGER;
UPDATE parts SET sequence_id = (
    SELECT q.id FROM sequences q JOIN part_sequences s ON q.residues = CAST(s.sequence AS BLOB)
    WHERE s.part_id = parts.id AND q.seqhash = parts.seqhash
);

-- Revisions: `bytes` is the length of the snapshot as presented (sequence and expanded provenance
-- included), which page budgets read; null for a row stored whole. `body` is the stored snapshot
-- deflated with a preset dictionary (`db::audit::pack_body`; `snapshot` is then ''), as bioreg
-- writes new revisions; rows migrated here keep their text.
ALTER TABLE record_revisions ADD COLUMN sequence_id INTEGER;
ALTER TABLE record_revisions ADD COLUMN bytes BIGINT;
ALTER TABLE record_revisions ADD COLUMN body BLOB;

-- Sequences only earlier revisions had.
INSERT INTO sequences (seqhash, residues)
SELECT json_extract(r.snapshot, '$.seqhash'), CAST(json_extract(r.snapshot, '$.sequence') AS BLOB)
FROM record_revisions r
WHERE r.record_kind = 'part'
  AND json_type(r.snapshot, '$.sequence') = 'text'
  AND json_type(r.snapshot, '$.seqhash') = 'text'
  AND NOT EXISTS (
      SELECT 1 FROM sequences q
      WHERE q.seqhash = json_extract(r.snapshot, '$.seqhash')
        AND q.residues = CAST(json_extract(r.snapshot, '$.sequence') AS BLOB))
GROUP BY 1, 2;

DROP TRIGGER record_revisions_no_update;

-- Provenance `{field: assertion}` becomes `[{"fields": [...], ...assertion}]`, one element per
-- distinct assertion (the same source, author and instant), in records and in snapshots.
UPDATE parts SET provenance = (
    SELECT json_group_array(json_set(g.assertion, '$.fields', json(g.fields)))
    FROM (
        SELECT a.assertion, json_group_array(a.field) AS fields
        FROM (SELECT j.key AS field, j.value AS assertion
              FROM json_each(parts.provenance) j ORDER BY j.key) a
        GROUP BY a.assertion
    ) g
)
WHERE json_type(provenance) = 'object';

UPDATE strains SET provenance = (
    SELECT json_group_array(json_set(g.assertion, '$.fields', json(g.fields)))
    FROM (
        SELECT a.assertion, json_group_array(a.field) AS fields
        FROM (SELECT j.key AS field, j.value AS assertion
              FROM json_each(strains.provenance) j ORDER BY j.key) a
        GROUP BY a.assertion
    ) g
)
WHERE json_type(provenance) = 'object';

UPDATE record_revisions SET
    bytes = length(CAST(snapshot AS BLOB)),
    snapshot = json_set(snapshot, '$.provenance', (
        SELECT json_group_array(json_set(g.assertion, '$.fields', json(g.fields)))
        FROM (
            SELECT a.assertion, json_group_array(a.field) AS fields
            FROM (SELECT j.key AS field, j.value AS assertion
                  FROM json_each(record_revisions.snapshot, '$.provenance') j ORDER BY j.key) a
            GROUP BY a.assertion
        ) g
    ))
WHERE json_type(snapshot, '$.provenance') = 'object';

UPDATE record_revisions SET
    bytes = coalesce(bytes, length(CAST(snapshot AS BLOB))),
    sequence_id = (
        SELECT q.id FROM sequences q
        WHERE q.seqhash = json_extract(record_revisions.snapshot, '$.seqhash')
          AND q.residues = CAST(json_extract(record_revisions.snapshot, '$.sequence') AS BLOB)),
    snapshot = json_remove(snapshot, '$.sequence')
WHERE record_kind = 'part'
  AND json_type(snapshot, '$.sequence') = 'text'
  AND json_type(snapshot, '$.seqhash') = 'text';

CREATE TRIGGER record_revisions_no_update BEFORE UPDATE ON record_revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are immutable');
END;

DROP TABLE part_sequences;

-- The rows migrated here are rewritten in bioreg's compact forms (residues packed 2 bits a base,
-- snapshot bodies deflated) by `db::compact` once the migrations have run: SQL can do neither.
-- While this row exists that is still to do; the pass resumes after a crash and deletes it.
CREATE TABLE storage_compaction (pending INTEGER NOT NULL);
INSERT INTO storage_compaction (pending) VALUES (1);
