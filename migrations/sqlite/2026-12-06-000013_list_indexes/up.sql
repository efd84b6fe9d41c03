-- Every sorted list of a role or of an organisation's parts is read in order from one index
-- (filter, sort key, id) and seeks to its cursor, instead of sorting every match: at a million
-- parts `role=promoter` matched 166,000 rows and sorted them for each page (issue 20). They
-- replace the single-column indexes they start with.
CREATE INDEX parts_role_created ON parts (role_id, created_at, id);
CREATE INDEX parts_role_name ON parts (role_id, name, id);
CREATE INDEX parts_role_length ON parts (role_id, length, id);
CREATE INDEX parts_role_accession ON parts (role_id, accession);
CREATE INDEX parts_owner_created ON parts (owner_org_id, created_at, id);
CREATE INDEX parts_owner_name ON parts (owner_org_id, name, id);
CREATE INDEX parts_owner_length ON parts (owner_org_id, length, id);
CREATE INDEX parts_owner_accession ON parts (owner_org_id, accession);
DROP INDEX parts_role;
DROP INDEX parts_owner;
