-- Twins in the order they are listed (oldest first), live ones only: the first page of
-- `/parts/{id}/twins`, the twins embedded in a part view and the duplicate check read a bounded
-- prefix of this index instead of every part with the sequence (issue 19).
CREATE INDEX parts_live_seqhash_created ON parts (seqhash, created_at, id) WHERE withdrawn_at IS NULL;
