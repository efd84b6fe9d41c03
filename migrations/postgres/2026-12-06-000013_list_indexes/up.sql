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
-- Strains are listed in creation order; a taxon, an organisation or an organism type is read
-- in that order from its own index.
CREATE INDEX strains_taxid_created ON strains (ncbi_taxid, created_at, id);
CREATE INDEX strains_owner_created ON strains (owner_org_id, created_at, id);
CREATE INDEX strains_type_created ON strains (organism_type, created_at, id);
DROP INDEX strains_taxid;
DROP INDEX strains_owner;
