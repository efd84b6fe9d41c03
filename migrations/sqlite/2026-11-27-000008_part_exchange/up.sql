-- What a GenBank record says that a part's own fields do not (LOCUS name, molecule type as written,
-- division, date, accession, version, keywords, source organism), as JSON, so exports keep it.
ALTER TABLE parts ADD COLUMN genbank TEXT;
