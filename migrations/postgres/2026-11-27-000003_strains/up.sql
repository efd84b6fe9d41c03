-- The strain library: strain records (searchable columns plus the rest of the record as JSON),
-- culture-collection numbers, carried parts, typed lineage, tags and physical samples.
INSERT INTO accession_counters (kind, last_value) VALUES ('strain', 0);

CREATE TABLE strains (
    id UUID PRIMARY KEY,
    accession TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    organism_type TEXT NOT NULL CHECK (organism_type IN ('bacteria', 'archaea', 'fungi', 'yeast', 'algae', 'protist', 'other')),
    taxon_name TEXT NOT NULL,
    ncbi_taxid BIGINT,
    risk_group INTEGER NOT NULL CHECK (risk_group BETWEEN 1 AND 4),
    details TEXT NOT NULL,
    search_text TEXT NOT NULL,
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
CREATE INDEX strains_created ON strains (created_at, id);
CREATE INDEX strains_name ON strains (name, id);
CREATE INDEX strains_taxid ON strains (ncbi_taxid);
CREATE INDEX strains_owner ON strains (owner_org_id);

-- Culture-collection numbers, parsed: `DSM 18039` → collection `DSM`, number `18039`.
CREATE TABLE strain_collection_numbers (
    strain_id UUID NOT NULL REFERENCES strains (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    collection TEXT NOT NULL,
    number TEXT NOT NULL,
    PRIMARY KEY (strain_id, position)
);
CREATE INDEX strain_collection_numbers_number ON strain_collection_numbers (collection, number);

CREATE TABLE strain_tags (
    strain_id UUID NOT NULL REFERENCES strains (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (strain_id, tag)
);
CREATE INDEX strain_tags_tag ON strain_tags (tag);

-- Parts a strain carries: on a plasmid, integrated in the chromosome, or otherwise.
CREATE TABLE strain_parts (
    strain_id UUID NOT NULL REFERENCES strains (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    part_id UUID NOT NULL REFERENCES parts (id),
    relation TEXT NOT NULL CHECK (relation IN ('plasmid', 'chromosomal_integration', 'other')),
    copy_number INTEGER,
    notes TEXT,
    PRIMARY KEY (strain_id, position)
);
CREATE INDEX strain_parts_part ON strain_parts (part_id);

-- Typed lineage: a strain and each strain it was derived from.
CREATE TABLE strain_parents (
    child_id UUID NOT NULL REFERENCES strains (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    parent_id UUID NOT NULL REFERENCES strains (id),
    relation TEXT NOT NULL,
    description TEXT,
    PRIMARY KEY (child_id, position)
);
CREATE INDEX strain_parents_parent ON strain_parents (parent_id);

-- Physical stocks. Removing one frees its position; two live samples never share one.
CREATE TABLE strain_samples (
    id UUID PRIMARY KEY,
    strain_id UUID NOT NULL REFERENCES strains (id),
    site TEXT NOT NULL,
    freezer TEXT NOT NULL,
    rack TEXT NOT NULL,
    box TEXT NOT NULL,
    slot TEXT NOT NULL,
    preservation_method TEXT NOT NULL,
    quantity TEXT,
    prepared_by TEXT,
    prepared_at TIMESTAMP,
    notes TEXT,
    created_by UUID NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    removed_at TIMESTAMP,
    removed_by UUID REFERENCES users (id)
);
CREATE INDEX strain_samples_strain ON strain_samples (strain_id);
CREATE UNIQUE INDEX strain_samples_live_location ON strain_samples (site, freezer, rack, box, slot)
    WHERE removed_at IS NULL;
