-- The most-voted order reads `ranked_votes`, the kept total as of the last few seconds, which the
-- vote writers catch up every few seconds. Adding a vote then changes no indexed column of the
-- entry: the index behind the order is no longer rewritten on every batch.
ALTER TABLE entries ADD COLUMN ranked_votes BIGINT NOT NULL DEFAULT 0;
UPDATE entries SET ranked_votes = vote_count WHERE ranked_votes <> vote_count;
DROP INDEX entries_gallery_votes;
CREATE INDEX entries_gallery_votes ON entries (contest_id, status, ranked_votes, id);
