-- Every list answers a page at a time (issue 21): a strain's samples, a user's tokens and a
-- record's review thread are read in (time, id) order from a range of one index each, and the
-- review queue in (submitted_at, accession) order; each index replaces the narrower one it extends.
DROP INDEX strain_samples_strain;
CREATE INDEX strain_samples_strain_created ON strain_samples (strain_id, created_at, id);
DROP INDEX api_tokens_user_id;
CREATE INDEX api_tokens_user_created ON api_tokens (user_id, created_at, id);
DROP INDEX reviews_record;
CREATE INDEX reviews_record_at ON reviews (record_kind, record_id, at, id);
DROP INDEX parts_curation;
CREATE INDEX parts_curation_queue ON parts (curation_state, submitted_at, accession);
DROP INDEX strains_curation;
CREATE INDEX strains_curation_queue ON strains (curation_state, submitted_at, accession);
