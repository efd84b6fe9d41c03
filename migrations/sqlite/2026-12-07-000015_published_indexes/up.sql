-- Anonymous readers (and other organisations' members) list only published records, which were 1 %
-- of the scale benchmark's million parts: a published-only list walked the whole sort index to
-- find them (22-55 ms a page). These partial indexes hold the published records alone, in each
-- sort order of the part list, within a role, and in the strain list's order (issue 20).
CREATE INDEX parts_published_created ON parts (created_at, id) WHERE published_revision IS NOT NULL;
CREATE INDEX parts_published_name ON parts (name, id) WHERE published_revision IS NOT NULL;
CREATE INDEX parts_published_length ON parts (length, id) WHERE published_revision IS NOT NULL;
CREATE INDEX parts_published_accession ON parts (accession) WHERE published_revision IS NOT NULL;
CREATE INDEX parts_published_role_created ON parts (role_id, created_at, id) WHERE published_revision IS NOT NULL;
CREATE INDEX strains_published_created ON strains (created_at, id) WHERE published_revision IS NOT NULL;
