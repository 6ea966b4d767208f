-- How often staff who moderate are e-mailed about photos awaiting moderation and about abuse
-- reports (minutes; 0: never; a day by default), and when each kind of alert last left: at most
-- one digest and one report alert per interval, for the whole cluster.
ALTER TABLE users ADD COLUMN alert_minutes BIGINT NOT NULL DEFAULT 1440;
ALTER TABLE users ADD COLUMN digest_sent_at BIGINT;
ALTER TABLE users ADD COLUMN report_alert_sent_at BIGINT;
