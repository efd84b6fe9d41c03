DROP TABLE strain_samples;
DROP TABLE strain_parents;
DROP TABLE strain_parts;
DROP TABLE strain_tags;
DROP TABLE strain_collection_numbers;
DROP TABLE strains;
DELETE FROM accession_counters WHERE kind = 'strain';
