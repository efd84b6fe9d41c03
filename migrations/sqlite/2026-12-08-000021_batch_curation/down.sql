DROP INDEX strains_curation_owner;
DROP INDEX parts_curation_owner;
DROP INDEX strains_import_queue;
DROP INDEX parts_import_queue;
ALTER TABLE strains DROP COLUMN import_id;
ALTER TABLE parts DROP COLUMN import_id;
