-- Storage (issue 22): each distinct sequence stored once, revisions that refer to it instead of
-- copying it, and per-field provenance stored as groups of fields sharing one assertion.
--
-- `sequences` holds one row per distinct residue string, found by its canonical hash (seqhash;
-- the residues are stored as bytes: packed 2 bits a base by bioreg, `db::sequences::codec`, or
-- the letters themselves, as this migration copies them;
-- twins of other orientations have the same seqhash and their own row). A part names its current
-- sequence (`parts.sequence_id`), a part revision the sequence it had (`record_revisions.sequence_id`,
-- the snapshot then has no `sequence` key). Rows are never deleted: every sequence a part ever had
-- is referred to by one of its revisions.
--
-- The rewrite leaves the old row versions as dead tuples: autovacuum makes their space reusable;
-- `VACUUM FULL` (docs/operations) returns it to the file system.
CREATE TABLE sequences (
    id BIGSERIAL PRIMARY KEY,
    seqhash TEXT NOT NULL,
    residues BYTEA NOT NULL
);

INSERT INTO sequences (seqhash, residues)
SELECT p.seqhash, convert_to(s.sequence, 'UTF8')
FROM part_sequences s JOIN parts p ON p.id = s.part_id
GROUP BY p.seqhash, s.sequence
ORDER BY min(p.created_at);

CREATE INDEX sequences_seqhash ON sequences (seqhash);

ALTER TABLE parts ADD COLUMN sequence_id BIGINT REFERENCES sequences (id);
UPDATE parts p SET sequence_id = q.id
FROM part_sequences s, sequences q
WHERE s.part_id = p.id AND q.seqhash = p.seqhash AND q.residues = convert_to(s.sequence, 'UTF8');
ALTER TABLE parts ALTER COLUMN sequence_id SET NOT NULL;

-- Revisions: `bytes` is the length of the snapshot as presented (sequence and expanded provenance
-- included), which page budgets read; null for a row stored whole. `body` is the stored snapshot
-- deflated with a preset dictionary (`db::audit::pack_body`; `snapshot` is then ''), as bioreg
-- writes new revisions; rows migrated here keep their text.
ALTER TABLE record_revisions ADD COLUMN sequence_id BIGINT REFERENCES sequences (id);
ALTER TABLE record_revisions ADD COLUMN bytes BIGINT;
ALTER TABLE record_revisions ADD COLUMN body BYTEA;

-- Sequences only earlier revisions had.
INSERT INTO sequences (seqhash, residues)
SELECT DISTINCT r.snapshot::jsonb ->> 'seqhash', convert_to(r.snapshot::jsonb ->> 'sequence', 'UTF8')
FROM record_revisions r
WHERE r.record_kind = 'part'
  AND jsonb_typeof(r.snapshot::jsonb -> 'sequence') = 'string'
  AND jsonb_typeof(r.snapshot::jsonb -> 'seqhash') = 'string'
  AND NOT EXISTS (
      SELECT 1 FROM sequences q
      WHERE q.seqhash = r.snapshot::jsonb ->> 'seqhash'
        AND q.residues = convert_to(r.snapshot::jsonb ->> 'sequence', 'UTF8'));

ALTER TABLE record_revisions DISABLE TRIGGER record_revisions_append_only;

-- Provenance `{field: assertion}` becomes `[{"fields": [...], ...assertion}]`, one element per
-- distinct assertion (the same source, author and instant), in records and in snapshots.
CREATE FUNCTION bioreg_group_provenance(provenance jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(g.assertion || jsonb_build_object('fields', g.fields)), '[]'::jsonb)
    FROM (
        SELECT e.value AS assertion, jsonb_agg(e.key ORDER BY e.key) AS fields
        FROM jsonb_each(provenance) e
        GROUP BY e.value
    ) g
$$;

UPDATE parts SET provenance = bioreg_group_provenance(provenance::jsonb)::text
WHERE jsonb_typeof(provenance::jsonb) = 'object';
UPDATE strains SET provenance = bioreg_group_provenance(provenance::jsonb)::text
WHERE jsonb_typeof(provenance::jsonb) = 'object';

UPDATE record_revisions r SET
    bytes = octet_length(r.snapshot),
    sequence_id = CASE
        WHEN r.record_kind = 'part'
         AND jsonb_typeof(r.snapshot::jsonb -> 'sequence') = 'string'
         AND jsonb_typeof(r.snapshot::jsonb -> 'seqhash') = 'string'
        THEN (SELECT q.id FROM sequences q
              WHERE q.seqhash = r.snapshot::jsonb ->> 'seqhash'
                AND q.residues = convert_to(r.snapshot::jsonb ->> 'sequence', 'UTF8'))
    END,
    snapshot = (
        CASE WHEN jsonb_typeof(r.snapshot::jsonb -> 'provenance') = 'object'
             THEN jsonb_set(r.snapshot::jsonb, '{provenance}',
                            bioreg_group_provenance(r.snapshot::jsonb -> 'provenance'))
             ELSE r.snapshot::jsonb
        END
        - CASE
            WHEN r.record_kind = 'part'
             AND jsonb_typeof(r.snapshot::jsonb -> 'sequence') = 'string'
             AND jsonb_typeof(r.snapshot::jsonb -> 'seqhash') = 'string'
            THEN 'sequence' ELSE '' END
    )::text
WHERE jsonb_typeof(r.snapshot::jsonb -> 'provenance') = 'object'
   OR (r.record_kind = 'part' AND jsonb_typeof(r.snapshot::jsonb -> 'sequence') = 'string');

DROP FUNCTION bioreg_group_provenance(jsonb);

ALTER TABLE record_revisions ENABLE TRIGGER record_revisions_append_only;

DROP TABLE part_sequences;

-- The rows migrated here are rewritten in bioreg's compact forms (residues packed 2 bits a base,
-- snapshot bodies deflated) by `db::compact` once the migrations have run: SQL can do neither.
-- While this row exists that is still to do; the pass resumes after a crash and deletes it.
CREATE TABLE storage_compaction (pending INTEGER NOT NULL);
INSERT INTO storage_compaction (pending) VALUES (1);
