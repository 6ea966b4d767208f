-- How many live entries (processing, awaiting moderation, approved) one participant may have in a contest.
ALTER TABLE contests ADD COLUMN max_entries_per_participant BIGINT NOT NULL DEFAULT 10;
