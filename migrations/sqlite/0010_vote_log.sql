-- The vote log: each vote keeps a keyed hash of the voter's address and browser (never the
-- address itself), for spotting bursts; totals are recounted from these rows.
ALTER TABLE votes ADD COLUMN ip_hash TEXT;
ALTER TABLE votes ADD COLUMN ua_hash TEXT;
