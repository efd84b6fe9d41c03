-- The part library: parts with their normalised sequence and canonical checksum (SEGUID v2),
-- searchable side tables (aliases, tags, hosts), composite structure, and accession counters.
CREATE TABLE accession_counters (
    kind TEXT PRIMARY KEY NOT NULL,
    last_value BIGINT NOT NULL
);
INSERT INTO accession_counters (kind, last_value) VALUES ('part', 0);

CREATE TABLE parts (
    id UUID PRIMARY KEY,
    accession TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    role_id TEXT NOT NULL,
    role_label TEXT NOT NULL,
    molecule_type TEXT NOT NULL CHECK (molecule_type IN ('dna', 'rna', 'protein')),
    topology TEXT NOT NULL CHECK (topology IN ('linear', 'circular')),
    length BIGINT NOT NULL,
    gc_content DOUBLE PRECISION,
    seqhash TEXT NOT NULL,
    features TEXT NOT NULL,
    citations TEXT NOT NULL,
    license TEXT,
    source TEXT,
    derived_from TEXT NOT NULL,
    search_text TEXT NOT NULL,
    duplicate_reason TEXT,
    owner_org_id UUID NOT NULL REFERENCES organizations (id),
    created_by UUID NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_by UUID NOT NULL REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL,
    revision INTEGER NOT NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by UUID REFERENCES users (id),
    withdrawal_reason TEXT
);
CREATE INDEX parts_seqhash ON parts (seqhash);
-- One live, non-twin part per canonical sequence: the backstop for concurrent registrations.
CREATE UNIQUE INDEX parts_live_seqhash_unique ON parts (seqhash)
    WHERE withdrawn_at IS NULL AND duplicate_reason IS NULL;
CREATE INDEX parts_created ON parts (created_at, id);
CREATE INDEX parts_name ON parts (name, id);
CREATE INDEX parts_length ON parts (length, id);
CREATE INDEX parts_owner ON parts (owner_org_id);
CREATE INDEX parts_role ON parts (role_id);

-- The normalised sequence, apart from the record so lists never read it.
CREATE TABLE part_sequences (
    part_id UUID PRIMARY KEY REFERENCES parts (id) ON DELETE CASCADE,
    sequence TEXT NOT NULL
);

CREATE TABLE part_aliases (
    part_id UUID NOT NULL REFERENCES parts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    alias TEXT NOT NULL,
    PRIMARY KEY (part_id, position)
);
CREATE INDEX part_aliases_alias ON part_aliases (alias);

CREATE TABLE part_tags (
    part_id UUID NOT NULL REFERENCES parts (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (part_id, tag)
);
CREATE INDEX part_tags_tag ON part_tags (tag);

CREATE TABLE part_hosts (
    part_id UUID NOT NULL REFERENCES parts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    taxid BIGINT,
    PRIMARY KEY (part_id, position)
);
CREATE INDEX part_hosts_taxid ON part_hosts (taxid);

-- The ordered pieces of a composite: a part (forward or reverse) or a literal linker/scar.
CREATE TABLE part_components (
    composite_id UUID NOT NULL REFERENCES parts (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    component_id UUID REFERENCES parts (id),
    orientation TEXT NOT NULL CHECK (orientation IN ('forward', 'reverse')),
    linker TEXT,
    name TEXT,
    start_position BIGINT NOT NULL,
    end_position BIGINT NOT NULL,
    PRIMARY KEY (composite_id, position),
    CHECK ((component_id IS NULL) <> (linker IS NULL))
);
CREATE INDEX part_components_component ON part_components (component_id);
