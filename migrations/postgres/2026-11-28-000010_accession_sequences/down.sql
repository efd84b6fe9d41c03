UPDATE accession_counters SET last_value = (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM part_accession_seq) WHERE kind = 'part';
UPDATE accession_counters SET last_value = (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM strain_accession_seq) WHERE kind = 'strain';
DROP SEQUENCE part_accession_seq;
DROP SEQUENCE strain_accession_seq;
