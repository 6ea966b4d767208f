-- Abuse reports from the public, photos hidden by a moderator, and keys the instances share
-- (e.g. to hash client addresses).
CREATE TABLE server_keys (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
ALTER TABLE entries ADD COLUMN hidden_at BIGINT;
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('offensive', 'personal_data', 'copyright', 'spam', 'other')),
    details TEXT,
    email TEXT,
    ip_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    resolved_at BIGINT,
    resolved_by BIGINT REFERENCES users (id),
    resolution TEXT CHECK (resolution IN ('hidden', 'dismissed'))
);
CREATE INDEX reports_open ON reports (resolved_at, entry_id);
