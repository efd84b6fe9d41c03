-- A part's sort keys copied into its tag and host rows (and a strain's creation time into its tag
-- and carried-part rows), so that a list filtered by a tag or a host
-- reads the matching parts in the list's order straight from an index of the side table
-- ((tag, sort key, part_id)) instead of walking the whole sort index and keeping the few rows that
-- carry the tag (db::drive, "ordered walk of a side"). The copies are written with the rows
-- (db::parts::replace_children, which every create and edit runs) and never differ from the part's
-- own columns: accession and created_at never change, name and length change only by an edit,
-- which rewrites the side rows (db::strains::replace_children likewise for strains, whose lists
-- have one order, creation).
ALTER TABLE part_tags ADD COLUMN part_created_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
ALTER TABLE part_tags ADD COLUMN part_accession TEXT NOT NULL DEFAULT '';
ALTER TABLE part_tags ADD COLUMN part_name TEXT NOT NULL DEFAULT '';
ALTER TABLE part_tags ADD COLUMN part_length BIGINT NOT NULL DEFAULT 0;
UPDATE part_tags SET part_created_at = p.created_at, part_accession = p.accession, part_name = p.name,
    part_length = p.length
FROM parts p WHERE p.id = part_tags.part_id;

ALTER TABLE part_hosts ADD COLUMN part_created_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
ALTER TABLE part_hosts ADD COLUMN part_accession TEXT NOT NULL DEFAULT '';
ALTER TABLE part_hosts ADD COLUMN part_name TEXT NOT NULL DEFAULT '';
ALTER TABLE part_hosts ADD COLUMN part_length BIGINT NOT NULL DEFAULT 0;
UPDATE part_hosts SET part_created_at = p.created_at, part_accession = p.accession, part_name = p.name,
    part_length = p.length
FROM parts p WHERE p.id = part_hosts.part_id;

ALTER TABLE strain_tags ADD COLUMN strain_created_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE strain_tags SET strain_created_at = s.created_at FROM strains s WHERE s.id = strain_tags.strain_id;
ALTER TABLE strain_parts ADD COLUMN strain_created_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE strain_parts SET strain_created_at = s.created_at FROM strains s WHERE s.id = strain_parts.strain_id;

-- One index per sort; the first also serves "which parts carry this tag" (it replaces part_tags_tag).
DROP INDEX part_tags_tag;
CREATE INDEX part_tags_tag_created ON part_tags (tag, part_created_at, part_id);
CREATE INDEX part_tags_tag_accession ON part_tags (tag, part_accession);
CREATE INDEX part_tags_tag_name ON part_tags (tag, part_name, part_id);
CREATE INDEX part_tags_tag_length ON part_tags (tag, part_length, part_id);
DROP INDEX part_hosts_taxid;
CREATE INDEX part_hosts_taxid_created ON part_hosts (taxid, part_created_at, part_id);
CREATE INDEX part_hosts_taxid_accession ON part_hosts (taxid, part_accession);
CREATE INDEX part_hosts_taxid_name ON part_hosts (taxid, part_name, part_id);
CREATE INDEX part_hosts_taxid_length ON part_hosts (taxid, part_length, part_id);
DROP INDEX strain_tags_tag;
CREATE INDEX strain_tags_tag_created ON strain_tags (tag, strain_created_at, strain_id);
-- Also serves "which strains carry this part" (it replaces strain_parts_part).
DROP INDEX strain_parts_part;
CREATE INDEX strain_parts_part_created ON strain_parts (part_id, strain_created_at, strain_id);
