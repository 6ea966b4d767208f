-- Suspicion screening counts the recent votes on each entry that share a network or a user agent,
-- or came from new accounts, from running totals in 10-second buckets, added to once per batch
-- of votes: a batch reads a few rows per entry and pattern instead of every vote in the window,
-- and the vote log loses the three indexes those counts needed (fewer writes per vote).
CREATE TABLE vote_windows (
    entry_id BIGINT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    -- 'n' network, 'a' user agent, 'x' new accounts (pattern '').
    kind TEXT NOT NULL,
    pattern TEXT NOT NULL,
    -- Seconds since the epoch, divided by 10.
    bucket BIGINT NOT NULL,
    votes BIGINT NOT NULL,
    PRIMARY KEY (entry_id, kind, pattern, bucket)
);

-- The last week (the longest window) of the log, counted.
INSERT INTO vote_windows (entry_id, kind, pattern, bucket, votes)
    SELECT entry_id, 'n', net_hash, created_at / 10, COUNT(*) FROM votes
    WHERE net_hash IS NOT NULL AND created_at >= CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) - 604800 GROUP BY entry_id, net_hash, created_at / 10;
INSERT INTO vote_windows (entry_id, kind, pattern, bucket, votes)
    SELECT entry_id, 'a', ua_hash, created_at / 10, COUNT(*) FROM votes
    WHERE ua_hash IS NOT NULL AND created_at >= CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) - 604800 GROUP BY entry_id, ua_hash, created_at / 10;
INSERT INTO vote_windows (entry_id, kind, pattern, bucket, votes)
    SELECT entry_id, 'x', '', created_at / 10, COUNT(*) FROM votes
    WHERE new_account = 1 AND created_at >= CAST(EXTRACT(EPOCH FROM now()) AS BIGINT) - 604800 GROUP BY entry_id, created_at / 10;

DROP INDEX votes_entry_network;
DROP INDEX votes_entry_agent;
DROP INDEX votes_entry_new;
