-- PostgreSQL moves accession numbering to sequences in this migration. SQLite keeps accession_counters:
-- it has one writer at a time and updates a row in place, so the counter costs nothing there.
SELECT 1;
