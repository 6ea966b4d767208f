-- Gallery orders: a random rank per entry (the fair shuffle starts each visitor at a different
-- point of it), a vote count kept with each vote (most voted), and whether a contest shows its
-- vote counts before the results.
ALTER TABLE entries ADD COLUMN shuffle_rank BIGINT NOT NULL DEFAULT 0;
ALTER TABLE entries ADD COLUMN vote_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE contests ADD COLUMN public_vote_counts BIGINT NOT NULL DEFAULT 0;
UPDATE entries SET shuffle_rank = (id * 2654435761) % 2147483648;
UPDATE entries SET vote_count = (SELECT COUNT(*) FROM votes WHERE votes.entry_id = entries.id);
CREATE INDEX entries_gallery_shuffle ON entries (contest_id, status, shuffle_rank, id);
CREATE INDEX entries_gallery_votes ON entries (contest_id, status, vote_count, id);
