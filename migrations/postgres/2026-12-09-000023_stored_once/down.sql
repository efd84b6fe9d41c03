-- Back to one sequence copy per part and per revision, and provenance as `{field: assertion}`.
-- Deflated snapshot bodies were inflated back into `snapshot` before this runs
-- (`DbConnection::revert_last_migration`, `db::compact::expand`), and packed sequences unpacked:
-- SQL can do neither.
CREATE TABLE part_sequences (
    part_id UUID PRIMARY KEY REFERENCES parts (id) ON DELETE CASCADE,
    sequence TEXT NOT NULL
);
INSERT INTO part_sequences (part_id, sequence)
SELECT p.id, convert_from(q.residues, 'UTF8') FROM parts p JOIN sequences q ON q.id = p.sequence_id;

CREATE FUNCTION bioreg_ungroup_provenance(provenance jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(f.field, g.value - 'fields'), '{}'::jsonb)
    FROM jsonb_array_elements(provenance) g, jsonb_array_elements_text(g.value -> 'fields') AS f(field)
$$;

ALTER TABLE record_revisions DISABLE TRIGGER record_revisions_append_only;

UPDATE record_revisions r SET snapshot = (
    CASE WHEN jsonb_typeof(r.snapshot::jsonb -> 'provenance') = 'array'
         THEN jsonb_set(r.snapshot::jsonb, '{provenance}', bioreg_ungroup_provenance(r.snapshot::jsonb -> 'provenance'))
         ELSE r.snapshot::jsonb
    END
    || CASE WHEN r.sequence_id IS NOT NULL
            THEN jsonb_build_object('sequence', (SELECT convert_from(q.residues, 'UTF8') FROM sequences q WHERE q.id = r.sequence_id))
            ELSE '{}'::jsonb
       END
)::text
WHERE r.sequence_id IS NOT NULL OR jsonb_typeof(r.snapshot::jsonb -> 'provenance') = 'array';

ALTER TABLE record_revisions ENABLE TRIGGER record_revisions_append_only;

UPDATE parts SET provenance = bioreg_ungroup_provenance(provenance::jsonb)::text
WHERE jsonb_typeof(provenance::jsonb) = 'array';
UPDATE strains SET provenance = bioreg_ungroup_provenance(provenance::jsonb)::text
WHERE jsonb_typeof(provenance::jsonb) = 'array';

DROP FUNCTION bioreg_ungroup_provenance(jsonb);

ALTER TABLE record_revisions DROP COLUMN body;
ALTER TABLE record_revisions DROP COLUMN bytes;
ALTER TABLE record_revisions DROP COLUMN sequence_id;
ALTER TABLE parts DROP COLUMN sequence_id;
DROP TABLE sequences;
DROP TABLE storage_compaction;
