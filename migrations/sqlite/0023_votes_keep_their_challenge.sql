-- A vote keeps the proof-of-work challenge it spent (the first half of its hex SHA-256, unique):
-- spending a challenge and logging its vote become one row instead of two, and a challenge is
-- spent exactly while its vote is in the log (a refused vote never spent it). The table of spent
-- challenges goes, with its hourly purge.
ALTER TABLE votes ADD COLUMN challenge TEXT;
CREATE UNIQUE INDEX votes_challenge ON votes (challenge);
DROP TABLE pow_spent;
-- Challenges handed out before this upgrade were spent in that table: a new signing key (made at
-- the next start) makes them all invalid, so none can be spent a second time here.
DELETE FROM server_keys WHERE name = 'pow';
