-- Browser sessions of the web pages: a signed-in browser holds a random secret in an HttpOnly
-- cookie; only its SHA-256 is stored, with the API token the visitor signed in with. Revoking the
-- token (or deleting it) ends its sessions.
CREATE TABLE web_sessions (
    secret_hash TEXT PRIMARY KEY,
    token_id UUID NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX web_sessions_token ON web_sessions (token_id);
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
