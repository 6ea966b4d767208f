-- A job's attempts count its claims; its failures count only the errors its work reported. A
-- worker killed or a lease run out (an interruption) is no failure: the job runs again.
ALTER TABLE jobs ADD COLUMN failures BIGINT NOT NULL DEFAULT 0;
