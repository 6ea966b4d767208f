-- Jury rounds: criteria with weights per contest; rounds (yes/no pre-selection, 1–10 per
-- criterion, or ranking of a top N) with their jurors, dates, quorum and shortlist; every juror's
-- marks; conflicts of interest. The single-score table of the first jury is carried into a round.
CREATE TABLE criteria (
    id INTEGER PRIMARY KEY,
    contest_id BIGINT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    weight DOUBLE PRECISION NOT NULL CHECK (weight > 0),
    position BIGINT NOT NULL,
    UNIQUE (contest_id, name)
);

CREATE TABLE rounds (
    id INTEGER PRIMARY KEY,
    contest_id BIGINT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('yes_no', 'criteria', 'ranking')),
    top_n BIGINT NOT NULL DEFAULT 0,
    intake BIGINT NOT NULL DEFAULT 0,
    quorum BIGINT NOT NULL DEFAULT 1 CHECK (quorum >= 1),
    opens_at BIGINT NOT NULL,
    closes_at BIGINT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    missing_rule TEXT CHECK (missing_rule IN ('ignore_late', 'average_scored')),
    opened_at BIGINT,
    closed_at BIGINT,
    closed_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (contest_id, position)
);

CREATE TABLE round_jurors (
    round_id BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    juror_id BIGINT NOT NULL REFERENCES users (id),
    reminded_at BIGINT,
    PRIMARY KEY (round_id, juror_id)
);
CREATE INDEX round_jurors_juror ON round_jurors (juror_id);

CREATE TABLE round_entries (
    round_id BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, entry_id)
);
CREATE INDEX round_entries_entry ON round_entries (entry_id);

-- criterion_id is 0 for the yes/no (value 1 or 0) and ranking (value = position, 1 best) methods.
CREATE TABLE marks (
    round_id BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    juror_id BIGINT NOT NULL REFERENCES users (id),
    criterion_id BIGINT NOT NULL DEFAULT 0,
    value BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, juror_id, entry_id, criterion_id)
);

CREATE TABLE recusals (
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    juror_id BIGINT NOT NULL REFERENCES users (id),
    round_id BIGINT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (entry_id, juror_id)
);

-- The first jury's scores (one 1–10 score per juror and entry) become marks of a round
-- "Jury" on one criterion "Overall", so no accepted score is lost.
INSERT INTO criteria (contest_id, name, weight, position)
SELECT DISTINCT e.contest_id, 'Overall', 1.0, 1 FROM scores s JOIN entries e ON e.id = s.entry_id;

INSERT INTO rounds (contest_id, position, name, method, quorum, opens_at, closes_at, status, opened_at, created_at)
SELECT c.id, 1, 'Jury', 'criteria', 1, c.jury_open_at, c.jury_close_at, 'open', c.jury_open_at, c.jury_open_at
FROM contests c WHERE c.id IN (SELECT e.contest_id FROM scores s JOIN entries e ON e.id = s.entry_id);

INSERT INTO round_entries (round_id, entry_id)
SELECT r.id, e.id FROM rounds r JOIN entries e ON e.contest_id = r.contest_id
WHERE e.status = 'approved' OR e.id IN (SELECT entry_id FROM scores);

INSERT INTO round_jurors (round_id, juror_id)
SELECT DISTINCT r.id, s.juror_id FROM scores s JOIN entries e ON e.id = s.entry_id JOIN rounds r ON r.contest_id = e.contest_id;

INSERT INTO marks (round_id, entry_id, juror_id, criterion_id, value, updated_at)
SELECT r.id, s.entry_id, s.juror_id, cr.id, s.score, s.updated_at
FROM scores s JOIN entries e ON e.id = s.entry_id JOIN rounds r ON r.contest_id = e.contest_id
JOIN criteria cr ON cr.contest_id = e.contest_id;

DROP TABLE scores;
