DROP TABLE part_components;
DROP TABLE part_hosts;
DROP TABLE part_tags;
DROP TABLE part_aliases;
DROP TABLE part_sequences;
DROP TABLE parts;
DROP TABLE accession_counters;
