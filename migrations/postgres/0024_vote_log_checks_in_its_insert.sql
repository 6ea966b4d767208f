-- The vote log's references are checked by the statement that logs a batch of votes, not by
-- foreign keys: PostgreSQL checks a foreign key with a trigger that runs a query for each row
-- inserted (three per vote here, the flag's included though it is empty: about a tenth of
-- PostgreSQL's CPU per vote under load). The batch's insert joins the entry and the voter and
-- locks both against deletion until its commit (`FOR KEY SHARE`, the lock a foreign key takes),
-- so a vote for an entry withdrawn a moment ago is left out, as the foreign key refused it. An
-- entry's withdrawal deletes its votes itself (the cascade did); accounts are never deleted
-- (erasure anonymises them); a flag is only ever set by quarantine, from the flag it opened.
ALTER TABLE votes DROP CONSTRAINT votes_entry_id_fkey;
ALTER TABLE votes DROP CONSTRAINT votes_voter_id_fkey;
ALTER TABLE votes DROP CONSTRAINT votes_flag_id_fkey;
-- One vote per voter, entry and day, keyed by voter first: the same index finds a voter's votes,
-- and the separate voter index goes (one index fewer written per vote).
ALTER TABLE votes ADD CONSTRAINT votes_voter_entry_day UNIQUE (voter_id, entry_id, vote_day);
ALTER TABLE votes DROP CONSTRAINT votes_entry_voter_day;
DROP INDEX votes_voter;
-- Only quarantined or reviewed votes have a flag: the others need no entry in its index.
DROP INDEX votes_flag;
CREATE INDEX votes_flag ON votes (flag_id) WHERE flag_id IS NOT NULL;
