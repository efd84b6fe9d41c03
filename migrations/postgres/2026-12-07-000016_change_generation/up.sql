-- One counter every write transaction increments just before it commits (db::DbConnection::
-- write_transaction). Instances poll it to learn that another instance changed something, and drop
-- their read caches (see src/cache.rs). The row lock is taken last and held only while committing;
-- the update never changes an indexed column, so it stays a HOT update that needs no vacuum.
CREATE TABLE change_generation (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    generation BIGINT NOT NULL
) WITH (fillfactor = 10);
INSERT INTO change_generation (id, generation) VALUES (1, 0);
