-- Curation at scale (issue 22): a part or strain knows the import that registered it, so "the
-- submitted records of import X, oldest first" and the review queue of one import are one range of
-- one index each. No foreign key: a synchronous import writes its `imports` row at the end of the
-- records' own transaction (and the SQLite schema, which cannot drop such a column, has none).
ALTER TABLE parts ADD COLUMN import_id uuid;
ALTER TABLE strains ADD COLUMN import_id uuid;
-- Records registered before this migration name their import in their source; trust it only
-- when the import was made by the record's creator in the record's organisation.
UPDATE parts p SET import_id = i.id FROM imports i
WHERE p.source LIKE '%"import_id"%' AND i.id::text = (p.source::jsonb ->> 'import_id')
  AND i.owner_org_id = p.owner_org_id AND i.created_by = p.created_by;
UPDATE strains s SET import_id = i.id FROM imports i
WHERE s.details LIKE '%"import_id"%' AND i.id::text = (s.details::jsonb -> 'source' ->> 'import_id')
  AND i.owner_org_id = s.owner_org_id AND i.created_by = s.created_by;
CREATE INDEX parts_import_queue ON parts (import_id, curation_state, submitted_at, accession)
    WHERE import_id IS NOT NULL;
CREATE INDEX strains_import_queue ON strains (import_id, curation_state, submitted_at, accession)
    WHERE import_id IS NOT NULL;
-- One organisation's queue in order, and the queue's counts per organisation, from one range.
CREATE INDEX parts_curation_owner ON parts (curation_state, owner_org_id, submitted_at, accession);
CREATE INDEX strains_curation_owner ON strains (curation_state, owner_org_id, submitted_at, accession);
