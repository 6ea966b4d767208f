-- Periodic housekeeping is a job like the others, leased by one worker of the cluster. At most
-- one of it waits in the queue: each instance that starts, and each run, queues the next one and
-- the others' attempts are no-ops.
CREATE UNIQUE INDEX jobs_one_queued_housekeeping ON jobs (kind) WHERE kind = 'housekeeping' AND status = 'queued';
