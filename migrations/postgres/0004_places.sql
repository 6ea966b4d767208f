-- Where a photo was taken: free text, or one of the contest's places when it lists some
-- (lines, stops…).
ALTER TABLE entries ADD COLUMN place TEXT;
CREATE TABLE contest_places (
    contest_id BIGINT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (contest_id, name)
);
