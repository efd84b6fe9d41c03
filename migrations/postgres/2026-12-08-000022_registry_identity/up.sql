-- Which database this is: a random value made once, when the database is created or upgraded.
-- A saved sequence index (src/domain/search.rs) records it and is refused by any other database,
-- so an index file copied or left beside another database is rebuilt, never served.
CREATE TABLE registry_identity (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    identity TEXT NOT NULL
);
INSERT INTO registry_identity (id, identity) VALUES (1, replace(gen_random_uuid()::text, '-', ''));
