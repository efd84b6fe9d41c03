-- One counter every write transaction increments just before it commits (db::DbConnection::
-- write_transaction). Instances poll it to learn that another instance changed something, and drop
-- their read caches (see src/cache.rs); one row, so reading it is one primary-key lookup.
CREATE TABLE change_generation (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO change_generation (id, generation) VALUES (1, 0);
