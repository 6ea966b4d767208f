-- Voting rules per contest (one vote per entry, or a budget of N votes per voter for the whole
-- contest or per day), suspicious-vote thresholds, quarantined votes and the flags staff review,
-- spent proof-of-work challenges (replay protection), and the contest's own colours and logo.
ALTER TABLE contests ADD COLUMN vote_rule TEXT NOT NULL DEFAULT 'per_entry'
    CHECK (vote_rule IN ('per_entry', 'per_contest', 'per_day'));
ALTER TABLE contests ADD COLUMN votes_per_voter BIGINT NOT NULL DEFAULT 1;
ALTER TABLE contests ADD COLUMN suspicion_window_secs BIGINT NOT NULL DEFAULT 600;
ALTER TABLE contests ADD COLUMN suspicion_network_votes BIGINT NOT NULL DEFAULT 40;
ALTER TABLE contests ADD COLUMN suspicion_new_account_votes BIGINT NOT NULL DEFAULT 20;
ALTER TABLE contests ADD COLUMN suspicion_agent_votes BIGINT NOT NULL DEFAULT 60;

CREATE TABLE vote_flags (
    id INTEGER PRIMARY KEY,
    contest_id BIGINT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('network', 'new_accounts', 'agent')),
    pattern TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'included', 'excluded')),
    opened_at BIGINT NOT NULL,
    last_vote_at BIGINT NOT NULL,
    reviewed_by BIGINT REFERENCES users (id),
    reviewed_at BIGINT
);
CREATE UNIQUE INDEX vote_flags_open ON vote_flags (entry_id, kind, pattern) WHERE status = 'open';
CREATE INDEX vote_flags_contest ON vote_flags (contest_id, status, id);

-- The vote log gains the day it counts for (0 unless the contest votes per day; one vote per
-- entry per voter and day), the voter's network (keyed hash), whether the account was new, and
-- whether the vote counts, waits in quarantine or was excluded by staff.
CREATE TABLE votes_new (
    id INTEGER PRIMARY KEY,
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    voter_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    ip_hash TEXT,
    ua_hash TEXT,
    vote_day BIGINT NOT NULL DEFAULT 0,
    net_hash TEXT,
    new_account BIGINT NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'counted' CHECK (state IN ('counted', 'quarantined', 'excluded')),
    flag_id BIGINT REFERENCES vote_flags (id) ON DELETE SET NULL,
    UNIQUE (entry_id, voter_id, vote_day)
);
INSERT INTO votes_new (id, entry_id, voter_id, created_at, ip_hash, ua_hash)
    SELECT id, entry_id, voter_id, created_at, ip_hash, ua_hash FROM votes;
DROP TABLE votes;
ALTER TABLE votes_new RENAME TO votes;
CREATE INDEX votes_entry_time ON votes (entry_id, created_at);
CREATE INDEX votes_voter ON votes (voter_id);
CREATE INDEX votes_flag ON votes (flag_id);

CREATE TABLE vote_budgets (
    contest_id BIGINT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    voter_id BIGINT NOT NULL REFERENCES users (id),
    vote_day BIGINT NOT NULL,
    used BIGINT NOT NULL,
    PRIMARY KEY (contest_id, voter_id, vote_day)
);

CREATE TABLE pow_spent (
    challenge TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX pow_spent_expiry ON pow_spent (expires_at);

ALTER TABLE contests ADD COLUMN theme_accent TEXT;
ALTER TABLE contests ADD COLUMN theme_header TEXT;
ALTER TABLE contests ADD COLUMN logo_key TEXT;
