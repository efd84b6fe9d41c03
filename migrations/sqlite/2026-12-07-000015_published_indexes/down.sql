DROP INDEX strains_published_created;
DROP INDEX parts_published_role_created;
DROP INDEX parts_published_accession;
DROP INDEX parts_published_length;
DROP INDEX parts_published_name;
DROP INDEX parts_published_created;
