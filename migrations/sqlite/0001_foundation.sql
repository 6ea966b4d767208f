-- Déclic foundation schema (SQLite). Ids and timestamps (unix seconds) are integers; flags are integers.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT,
    role TEXT NOT NULL CHECK (role IN ('participant', 'moderator', 'jury', 'admin')),
    password_hash TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE magic_links (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE contests (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    rules TEXT NOT NULL,
    rules_version BIGINT NOT NULL DEFAULT 1,
    submissions_open_at BIGINT NOT NULL,
    submissions_close_at BIGINT NOT NULL,
    vote_open_at BIGINT NOT NULL,
    vote_close_at BIGINT NOT NULL,
    jury_open_at BIGINT NOT NULL,
    jury_close_at BIGINT NOT NULL,
    results_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    contest_id BIGINT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position BIGINT NOT NULL,
    UNIQUE (contest_id, name)
);

CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    contest_id BIGINT NOT NULL REFERENCES contests (id),
    participant_id BIGINT NOT NULL REFERENCES users (id),
    category_id BIGINT REFERENCES categories (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    original_hash TEXT NOT NULL,
    original_size BIGINT NOT NULL,
    original_format TEXT NOT NULL,
    width BIGINT,
    height BIGINT,
    status TEXT NOT NULL CHECK (status IN ('processing', 'pending', 'approved', 'rejected', 'failed')),
    rejection_reason TEXT,
    processing_error TEXT,
    duplicate_of BIGINT REFERENCES entries (id),
    moderated_by BIGINT REFERENCES users (id),
    moderated_at BIGINT,
    consent_at BIGINT NOT NULL,
    consent_rules_version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (contest_id, participant_id, original_hash)
);
CREATE INDEX entries_gallery ON entries (contest_id, status, id);
CREATE INDEX entries_participant ON entries (participant_id);
CREATE INDEX entries_hash ON entries (original_hash);

CREATE TABLE renditions (
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    variant TEXT NOT NULL,
    blob_key TEXT NOT NULL,
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    bytes BIGINT NOT NULL,
    PRIMARY KEY (entry_id, variant)
);

CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    voter_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (entry_id, voter_id)
);

CREATE TABLE scores (
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    juror_id BIGINT NOT NULL REFERENCES users (id),
    score BIGINT NOT NULL CHECK (score BETWEEN 1 AND 10),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (entry_id, juror_id)
);

CREATE TABLE cover_slots (
    id INTEGER PRIMARY KEY,
    contest_id BIGINT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    trim_width_mm DOUBLE PRECISION NOT NULL,
    trim_height_mm DOUBLE PRECISION NOT NULL,
    bleed_mm DOUBLE PRECISION NOT NULL,
    min_dpi BIGINT NOT NULL,
    winner_entry_id BIGINT REFERENCES entries (id) ON DELETE SET NULL,
    assigned_by BIGINT REFERENCES users (id),
    assigned_at BIGINT,
    UNIQUE (contest_id, slug)
);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    run_at BIGINT NOT NULL,
    locked_by TEXT,
    locked_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_ready ON jobs (status, run_at);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    actor_id BIGINT REFERENCES users (id),
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
