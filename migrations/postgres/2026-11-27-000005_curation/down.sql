DROP TABLE reviews;
DROP INDEX strains_curation;
DROP INDEX parts_curation;
ALTER TABLE strains DROP COLUMN submitted_at;
ALTER TABLE strains DROP COLUMN published_revision;
ALTER TABLE strains DROP COLUMN curation_state;
ALTER TABLE parts DROP COLUMN submitted_at;
ALTER TABLE parts DROP COLUMN published_revision;
ALTER TABLE parts DROP COLUMN curation_state;
