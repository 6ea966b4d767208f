-- Versioned contest rules with the rights they ask for, the age under which a guardian consents,
-- the consent record of each entry, and resumable (tus) uploads in progress.
ALTER TABLE contests ADD COLUMN age_threshold BIGINT NOT NULL DEFAULT 15;

CREATE TABLE contest_rules (
    contest_id BIGINT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    -- JSON list of {"use": "print"|"web"|"social"|…, "scope", "territory", "duration_months"}.
    rights TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    PRIMARY KEY (contest_id, version)
);
INSERT INTO contest_rules (contest_id, version, body, rights, published_at)
SELECT id, rules_version, rules,
       '[{"use":"print","scope":"","territory":"France","duration_months":36},{"use":"web","scope":"","territory":"France","duration_months":36},{"use":"social","scope":"","territory":"France","duration_months":36}]',
       created_at
FROM contests;

-- What the participant declared for one entry, kept as long as the entry.
CREATE TABLE entry_consents (
    entry_id BIGINT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    rules_version BIGINT NOT NULL,
    original_hash TEXT NOT NULL,
    accepted_at BIGINT NOT NULL,
    -- JSON snapshot of the rights granted, as the rules named them.
    rights TEXT NOT NULL,
    people TEXT NOT NULL CHECK (people IN ('none', 'agreed')),
    minor BIGINT NOT NULL CHECK (minor IN (0, 1)),
    guardian_name TEXT
);

-- A tus upload: created with the entry's fields, filled by parts stored in the blob store.
CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    contest_id BIGINT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    length BIGINT NOT NULL,
    received BIGINT NOT NULL DEFAULT 0,
    fields TEXT NOT NULL,
    entry_id BIGINT REFERENCES entries (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX uploads_expiry ON uploads (expires_at);
CREATE TABLE upload_parts (
    upload_id TEXT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    start_offset BIGINT NOT NULL,
    length BIGINT NOT NULL,
    blob_key TEXT NOT NULL,
    PRIMARY KEY (upload_id, start_offset)
);

-- The language a person reads Déclic in (emails follow it).
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'fr';
