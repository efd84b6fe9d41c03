-- Per-field provenance of parts and strains: field → {source, asserted_by, asserted_at}, as JSON.
ALTER TABLE parts ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';
ALTER TABLE strains ADD COLUMN provenance TEXT NOT NULL DEFAULT '{}';
