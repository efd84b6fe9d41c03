-- Accession numbers come from sequences: nextval never waits for another transaction and leaves no row
-- versions behind. (Counting in accession_counters made every registration queue on one row until its
-- transaction committed, and an import of n parts update that row n times in one transaction, which
-- PostgreSQL does in O(n²).) A rolled-back registration leaves a gap; accessions are still never reused.
CREATE SEQUENCE part_accession_seq MINVALUE 1;
CREATE SEQUENCE strain_accession_seq MINVALUE 1;
SELECT setval('part_accession_seq', last_value, last_value > 0) FROM accession_counters WHERE kind = 'part' AND last_value > 0;
SELECT setval('strain_accession_seq', last_value, last_value > 0) FROM accession_counters WHERE kind = 'strain' AND last_value > 0;
