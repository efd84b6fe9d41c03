-- Back to one sequence copy per part and per revision, and provenance as `{field: assertion}`.
-- Deflated snapshot bodies were inflated back into `snapshot` before this runs
-- (`DbConnection::revert_last_migration`, `db::compact::expand`), and packed sequences unpacked:
-- SQL can do neither.
CREATE TABLE part_sequences (
    part_id TEXT PRIMARY KEY NOT NULL REFERENCES parts (id) ON DELETE CASCADE,
    sequence TEXT NOT NULL
);
INSERT INTO part_sequences (part_id, sequence)
SELECT p.id, CAST(q.residues AS TEXT) FROM parts p JOIN sequences q ON q.id = p.sequence_id;

DROP TRIGGER record_revisions_no_update;

UPDATE record_revisions SET snapshot = json_set(snapshot, '$.sequence',
    (SELECT CAST(q.residues AS TEXT) FROM sequences q WHERE q.id = record_revisions.sequence_id))
WHERE sequence_id IS NOT NULL;

UPDATE record_revisions SET snapshot = json_set(snapshot, '$.provenance', (
    SELECT json_group_object(f.value, json_remove(g.value, '$.fields'))
    FROM json_each(record_revisions.snapshot, '$.provenance') g, json_each(g.value, '$.fields') f
))
WHERE json_type(snapshot, '$.provenance') = 'array';

UPDATE parts SET provenance = (
    SELECT json_group_object(f.value, json_remove(g.value, '$.fields'))
    FROM json_each(parts.provenance) g, json_each(g.value, '$.fields') f
)
WHERE json_type(provenance) = 'array';

UPDATE strains SET provenance = (
    SELECT json_group_object(f.value, json_remove(g.value, '$.fields'))
    FROM json_each(strains.provenance) g, json_each(g.value, '$.fields') f
)
WHERE json_type(provenance) = 'array';

CREATE TRIGGER record_revisions_no_update BEFORE UPDATE ON record_revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are immutable');
END;

ALTER TABLE record_revisions DROP COLUMN body;
ALTER TABLE record_revisions DROP COLUMN bytes;
ALTER TABLE record_revisions DROP COLUMN sequence_id;
ALTER TABLE parts DROP COLUMN sequence_id;
DROP TABLE sequences;
DROP TABLE storage_compaction;
