ALTER TABLE strains DROP COLUMN provenance;
ALTER TABLE parts DROP COLUMN provenance;
