-- Suspicion screening counts, per batch of votes, the recent votes on each entry that share a
-- network or a user agent, or came from new accounts: these indexes answer from the index alone.
CREATE INDEX votes_entry_network ON votes (entry_id, net_hash, created_at);
CREATE INDEX votes_entry_agent ON votes (entry_id, ua_hash, created_at);
CREATE INDEX votes_entry_new ON votes (entry_id, created_at) WHERE new_account = 1;
