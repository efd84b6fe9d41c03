-- Accounts: organisations, users (one role each) and API tokens (stored as SHA-256 hashes only).
-- Ids are UUIDs stored as canonical lowercase text; times are naive UTC.
CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('lab', 'company', 'registry', 'other')),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'curator', 'submitter', 'reader')),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_name_lower ON users (lower(name));
CREATE INDEX users_organization_id ON users (organization_id);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
