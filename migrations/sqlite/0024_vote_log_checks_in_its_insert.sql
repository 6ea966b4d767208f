-- Only quarantined or reviewed votes have a flag: the others need no entry in its index (one
-- index fewer written per vote). On SQLite the vote log keeps its foreign keys (checked in the
-- process, they cost little); PostgreSQL's form of this migration says why it drops them.
DROP INDEX votes_flag;
CREATE INDEX votes_flag ON votes (flag_id) WHERE flag_id IS NOT NULL;
