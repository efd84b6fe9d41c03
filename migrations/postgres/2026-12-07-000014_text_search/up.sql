-- Full-text search of parts and strains (issue 20): `q` is answered from GIN indexes instead of a
-- LIKE over every row.
-- * `entry_no`: the order in which records were registered (from a sequence), the tie-break of
--   relevance order.
-- * `search_names`: the record's identifiers (accession, name, aliases; for strains also taxon,
--   collection numbers and genotype), lower-cased, each wrapped in U+0002 … U+0003 so that a whole
--   identifier is LIKE '%\x02q\x03%' and part of one is LIKE '%q%'. Written by the domain with the
--   row (`db::text::encode_names`).
-- * a pg_trgm GIN index on `search_names` (partial identifiers) and a GIN index on `search_words`,
--   the words of `search_text` (every word of the record's text), a stored generated column so that
--   a query walking `entry_no` checks each row without parsing its text again (28 ms → 1.4 ms for a
--   word in 42 % of 50,000 parts). Words are runs of letters and digits, as
--   SQLite's unicode61 tokenizer and `db::text::words` read them: everything else becomes a space
--   before PostgreSQL's parser sees the text (which would read `K-12` as `k` and the number -12).
--   PostgreSQL keeps both indexes current inside the transaction of every write; without GIN's
--   fast update, so that a query never scans a pending list of unindexed entries (after a bulk
--   import without a VACUUM since, every `q` cost 20 ms more at 50,000 parts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE parts ADD COLUMN entry_no BIGINT;
ALTER TABLE parts ADD COLUMN search_names TEXT NOT NULL DEFAULT '';
UPDATE parts SET entry_no = o.n,
    search_names = chr(2) || lower(parts.accession) || chr(3) || chr(2) || lower(parts.name) || chr(3)
        || coalesce((SELECT string_agg(chr(2) || lower(a.alias) || chr(3), '' ORDER BY a.position)
                     FROM part_aliases a WHERE a.part_id = parts.id), '')
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM parts) AS o
WHERE o.id = parts.id;
CREATE SEQUENCE parts_entry_no_seq OWNED BY parts.entry_no;
SELECT setval('parts_entry_no_seq', (SELECT coalesce(max(entry_no), 0) + 1 FROM parts), false);
ALTER TABLE parts ALTER COLUMN entry_no SET DEFAULT nextval('parts_entry_no_seq');
CREATE UNIQUE INDEX parts_entry_no ON parts (entry_no);
CREATE INDEX parts_names_trgm ON parts USING gin (search_names gin_trgm_ops) WITH (fastupdate = off);
ALTER TABLE parts ADD COLUMN search_words tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g'))) STORED;
CREATE INDEX parts_words ON parts USING gin (search_words) WITH (fastupdate = off);

ALTER TABLE strains ADD COLUMN entry_no BIGINT;
ALTER TABLE strains ADD COLUMN search_names TEXT NOT NULL DEFAULT '';
UPDATE strains SET entry_no = o.n,
    search_names = chr(2) || replace(strains.search_text, chr(10), chr(3) || chr(2)) || chr(3)
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM strains) AS o
WHERE o.id = strains.id;
CREATE SEQUENCE strains_entry_no_seq OWNED BY strains.entry_no;
SELECT setval('strains_entry_no_seq', (SELECT coalesce(max(entry_no), 0) + 1 FROM strains), false);
ALTER TABLE strains ALTER COLUMN entry_no SET DEFAULT nextval('strains_entry_no_seq');
CREATE UNIQUE INDEX strains_entry_no ON strains (entry_no);
CREATE INDEX strains_names_trgm ON strains USING gin (search_names gin_trgm_ops) WITH (fastupdate = off);
ALTER TABLE strains ADD COLUMN search_words tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g'))) STORED;
CREATE INDEX strains_words ON strains USING gin (search_words) WITH (fastupdate = off);
