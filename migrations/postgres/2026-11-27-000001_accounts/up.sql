-- Accounts: organisations, users (one role each) and API tokens (stored as SHA-256 hashes only).
-- Ids are native UUIDs; times are naive UTC (TIMESTAMP WITHOUT TIME ZONE).
CREATE TABLE organizations (
    id UUID PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('lab', 'company', 'registry', 'other')),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id UUID PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'curator', 'submitter', 'reader')),
    organization_id UUID NOT NULL REFERENCES organizations (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_name_lower ON users (lower(name));
CREATE INDEX users_organization_id ON users (organization_id);

CREATE TABLE api_tokens (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
