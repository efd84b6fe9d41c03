-- Curation at scale (issue 22): a part or strain knows the import that registered it, so "the
-- submitted records of import X, oldest first" and the review queue of one import are one range of
-- one index each. No foreign key: a synchronous import writes its `imports` row at the end of the
-- records' own transaction, and SQLite cannot drop a column that a foreign key uses.
ALTER TABLE parts ADD COLUMN import_id TEXT;
ALTER TABLE strains ADD COLUMN import_id TEXT;
-- Records registered before this migration name their import in their source; trust it only
-- when the import was made by the record's creator in the record's organisation.
UPDATE parts SET import_id = (
    SELECT i.id FROM imports i
    WHERE i.id = json_extract(parts.source, '$.import_id')
      AND i.owner_org_id = parts.owner_org_id AND i.created_by = parts.created_by)
WHERE source LIKE '%"import_id"%' AND json_valid(source);
UPDATE strains SET import_id = (
    SELECT i.id FROM imports i
    WHERE i.id = json_extract(strains.details, '$.source.import_id')
      AND i.owner_org_id = strains.owner_org_id AND i.created_by = strains.created_by)
WHERE details LIKE '%"import_id"%' AND json_valid(details);
CREATE INDEX parts_import_queue ON parts (import_id, curation_state, submitted_at, accession)
    WHERE import_id IS NOT NULL;
CREATE INDEX strains_import_queue ON strains (import_id, curation_state, submitted_at, accession)
    WHERE import_id IS NOT NULL;
-- One organisation's queue in order, and the queue's counts per organisation, from one range.
CREATE INDEX parts_curation_owner ON parts (curation_state, owner_org_id, submitted_at, accession);
CREATE INDEX strains_curation_owner ON strains (curation_state, owner_org_id, submitted_at, accession);
