-- Full-text search of parts and strains (issue 20): `q` is answered from two FTS5 indexes per
-- kind instead of a LIKE over every row.
-- * `entry_no`: the order in which records were registered (1, 2, …), the rowid of both indexes
--   and the tie-break of relevance order. It is a column of its own, not the table's rowid, which
--   VACUUM may renumber. Set by the insert trigger below.
-- * `search_names`: the record's identifiers (accession, name, aliases; for strains also taxon,
--   collection numbers and genotype), lower-cased, each wrapped in U+0002 … U+0003 so that a
--   whole identifier is the phrase "\x02q\x03" and part of one is the phrase "q". Written by the
--   domain with the row (`db::text::encode_names`).
-- * `<kind>_names`: trigram index of `search_names` (partial identifiers).
-- * `<kind>_words`: word index of `search_text` (every word of the record's text).
-- Both are contentless (they store no copy of the text) and are kept current by triggers, inside
-- the transaction of every write.
ALTER TABLE parts ADD COLUMN entry_no INTEGER;
ALTER TABLE parts ADD COLUMN search_names TEXT NOT NULL DEFAULT '';
UPDATE parts SET entry_no = o.n
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM parts) AS o
WHERE o.id = parts.id;
UPDATE parts SET search_names = char(2) || lower(accession) || char(3) || char(2) || lower(name) || char(3)
    || coalesce((SELECT group_concat(char(2) || lower(a.alias) || char(3), '')
                 FROM (SELECT alias FROM part_aliases WHERE part_id = parts.id ORDER BY position) AS a), '');
CREATE UNIQUE INDEX parts_entry_no ON parts (entry_no);
CREATE VIRTUAL TABLE part_names USING fts5 (names, content = '', contentless_delete = 1, tokenize = 'trigram');
CREATE VIRTUAL TABLE part_words USING fts5 (words, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO part_names (rowid, names) SELECT entry_no, search_names FROM parts;
INSERT INTO part_words (rowid, words) SELECT entry_no, search_text FROM parts;
CREATE TRIGGER parts_text_insert AFTER INSERT ON parts BEGIN
    UPDATE parts SET entry_no = (SELECT coalesce(max(entry_no), 0) + 1 FROM parts) WHERE id = new.id;
    INSERT INTO part_names (rowid, names) SELECT entry_no, new.search_names FROM parts WHERE id = new.id;
    INSERT INTO part_words (rowid, words) SELECT entry_no, new.search_text FROM parts WHERE id = new.id;
END;
CREATE TRIGGER parts_names_update AFTER UPDATE OF search_names ON parts
WHEN old.search_names IS NOT new.search_names BEGIN
    DELETE FROM part_names WHERE rowid = old.entry_no;
    INSERT INTO part_names (rowid, names) VALUES (new.entry_no, new.search_names);
END;
CREATE TRIGGER parts_words_update AFTER UPDATE OF search_text ON parts
WHEN old.search_text IS NOT new.search_text BEGIN
    DELETE FROM part_words WHERE rowid = old.entry_no;
    INSERT INTO part_words (rowid, words) VALUES (new.entry_no, new.search_text);
END;
CREATE TRIGGER parts_text_delete AFTER DELETE ON parts BEGIN
    DELETE FROM part_names WHERE rowid = old.entry_no;
    DELETE FROM part_words WHERE rowid = old.entry_no;
END;

ALTER TABLE strains ADD COLUMN entry_no INTEGER;
ALTER TABLE strains ADD COLUMN search_names TEXT NOT NULL DEFAULT '';
UPDATE strains SET entry_no = o.n
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM strains) AS o
WHERE o.id = strains.id;
UPDATE strains SET search_names = char(2) || replace(search_text, char(10), char(3) || char(2)) || char(3);
CREATE UNIQUE INDEX strains_entry_no ON strains (entry_no);
CREATE VIRTUAL TABLE strain_names USING fts5 (names, content = '', contentless_delete = 1, tokenize = 'trigram');
CREATE VIRTUAL TABLE strain_words USING fts5 (words, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO strain_names (rowid, names) SELECT entry_no, search_names FROM strains;
INSERT INTO strain_words (rowid, words) SELECT entry_no, search_text FROM strains;
CREATE TRIGGER strains_text_insert AFTER INSERT ON strains BEGIN
    UPDATE strains SET entry_no = (SELECT coalesce(max(entry_no), 0) + 1 FROM strains) WHERE id = new.id;
    INSERT INTO strain_names (rowid, names) SELECT entry_no, new.search_names FROM strains WHERE id = new.id;
    INSERT INTO strain_words (rowid, words) SELECT entry_no, new.search_text FROM strains WHERE id = new.id;
END;
CREATE TRIGGER strains_names_update AFTER UPDATE OF search_names ON strains
WHEN old.search_names IS NOT new.search_names BEGIN
    DELETE FROM strain_names WHERE rowid = old.entry_no;
    INSERT INTO strain_names (rowid, names) VALUES (new.entry_no, new.search_names);
END;
CREATE TRIGGER strains_words_update AFTER UPDATE OF search_text ON strains
WHEN old.search_text IS NOT new.search_text BEGIN
    DELETE FROM strain_words WHERE rowid = old.entry_no;
    INSERT INTO strain_words (rowid, words) VALUES (new.entry_no, new.search_text);
END;
CREATE TRIGGER strains_text_delete AFTER DELETE ON strains BEGIN
    DELETE FROM strain_names WHERE rowid = old.entry_no;
    DELETE FROM strain_words WHERE rowid = old.entry_no;
END;
